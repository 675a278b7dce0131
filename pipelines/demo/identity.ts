// Who the demo company sells to: prospects (companies) and people, unique by construction so
// that normal records never look like duplicates (H1) or shadow leads (L4) by accident.
import {
  COUNTRIES, INDUSTRIES, INDUSTRY_WEIGHTS, type CountryProfile,
} from './catalog.ts';
import { COMPANY_DESCRIPTORS, COMPANY_ENDINGS, COMPANY_STEMS, FIRST_NAMES, LAST_NAMES } from './names.ts';
import type { Random } from './random.ts';

export interface Prospect {
  company: string;
  domain: string;
  country: CountryProfile;
  industry: string;
  employees: number;
}

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
}

const COUNTRY_WEIGHTS = COUNTRIES.map((country) => country.weight);

function slug(text: string): string {
  return text.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function roundEmployees(count: number): number {
  if (count >= 1000) return Math.round(count / 50) * 50;
  if (count >= 100) return Math.round(count / 5) * 5;
  return Math.max(2, Math.round(count));
}

export class IdentityRegistry {
  private readonly companies = new Set<string>();
  private readonly emails = new Set<string>();

  /** A company nobody else in the CRM has: unique base name, and so unique domain. */
  newProspect(random: Random, medianEmployees = 120): Prospect {
    const country = random.weighted(COUNTRIES, COUNTRY_WEIGHTS);
    const { base, domain } = this.uniqueBaseName(random);
    const suffix = random.pick(country.suffixes);
    const company = suffix === '' ? base : suffix.startsWith(',') ? base + suffix : `${base} ${suffix}`;
    const employees = roundEmployees(Math.min(60_000, random.logNormal(medianEmployees, 1.25)));
    const industry = random.weighted(INDUSTRIES, INDUSTRY_WEIGHTS);
    return { company, domain: `${domain}.${country.tld}`, country, industry, employees };
  }

  /** A person at a prospect with an email no other record uses. */
  newPerson(random: Random, prospect: Prospect, phoneShare = 0.9): Person {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const email = this.uniqueEmail(random, firstName, lastName, prospect);
    const phone = random.chance(phoneShare) ? this.phone(random, prospect.country) : null;
    return { firstName, lastName, email, phone };
  }

  /** Claims an address made outside the registry (a personal email); false if already used. */
  reserveEmail(email: string): boolean {
    const key = email.trim().toLowerCase();
    if (this.emails.has(key)) return false;
    this.emails.add(key);
    return true;
  }

  phone(random: Random, country: CountryProfile): string {
    return `${country.phonePrefix} ${random.int(20, 99)}${random.int(0, 9)} ${random.int(100, 999)} ${random.int(1000, 9999)}`;
  }

  private uniqueBaseName(random: Random): { base: string; domain: string } {
    for (let attempt = 0; ; attempt++) {
      const stem = random.pick(COMPANY_STEMS) + random.pick(COMPANY_ENDINGS);
      const descriptor = random.chance(0.85) ? random.pick(COMPANY_DESCRIPTORS) : '';
      // Past many collisions the name space is crowded (very large scales): number the name.
      const number = attempt >= 12 ? ` ${attempt}` : '';
      const base = descriptor === '' ? `${stem}${number}` : `${stem} ${descriptor}${number}`;
      const key = base.toLowerCase();
      if (!this.companies.has(key)) {
        this.companies.add(key);
        return { base, domain: slug(base) };
      }
    }
  }

  private uniqueEmail(random: Random, firstName: string, lastName: string, prospect: Prospect): string {
    const first = slug(firstName);
    const last = slug(lastName);
    const style = random.next();
    const local = style < 0.7 ? `${first}.${last}` : style < 0.9 ? `${first[0]}${last}` : `${first}${last}`;
    for (let n = 1; ; n++) {
      const email = `${n === 1 ? local : local + n}@${prospect.domain}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }
}
