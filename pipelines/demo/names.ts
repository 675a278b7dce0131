// Word lists for people and companies of the demo company's market.

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley',
  'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
  'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie', 'Ronald', 'Rebecca', 'Jason', 'Laura',
  'Oliver', 'Amelia', 'Harry', 'Isla', 'Jack', 'Ava', 'Noah', 'Mia', 'Leo', 'Freya',
  'Lukas', 'Hannah', 'Felix', 'Lena', 'Jonas', 'Lea', 'Maximilian', 'Anna', 'Paul', 'Marie',
  'Louis', 'Chloe', 'Hugo', 'Camille', 'Arthur', 'Ines', 'Lucas', 'Manon', 'Gabriel', 'Jade',
  'Liam', 'Emma', 'Ethan', 'Olivia', 'Mateo', 'Sofia', 'Pablo', 'Lucia', 'Alejandro', 'Martina',
  'Arjun', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Kavya', 'Erik', 'Astrid', 'Lars', 'Ingrid',
  'Sven', 'Elin', 'Daan', 'Sanne', 'Bram', 'Fleur', 'Wei', 'Mei', 'Hiroshi', 'Yuki',
  'Omar', 'Layla', 'Samuel', 'Grace', 'Nathan', 'Zoe', 'Aaron', 'Nora', 'Isaac', 'Ruby',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  "O'Brien", "O'Connor", 'Murphy', 'Kelly', 'Walsh', 'Byrne', 'Evans', 'Hughes', 'Edwards', 'Price',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Leroy', 'Roux', 'Fournier',
  'de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos',
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson',
  'Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Chen', 'Wang',
  'Tanaka', 'Sato', 'Suzuki', 'Kim', 'Park', 'Silva', 'Santos', 'Costa', 'Romero', 'Navarro',
  'Fernandez', 'Ruiz', 'Morales', 'Ortiz', 'Castillo', 'Brooks', 'Bennett', 'Wood', 'Barnes', 'Ross',
] as const;

export const COMPANY_STEMS = [
  'North', 'Blue', 'Silver', 'Bright', 'Iron', 'Cedar', 'Summit', 'Harbor', 'Pioneer', 'Atlas',
  'Nova', 'Vertex', 'Quantum', 'Crescent', 'Red', 'Green', 'Granite', 'Falcon', 'Eagle', 'Maple',
  'Oak', 'River', 'Stone', 'Sky', 'Sun', 'Polar', 'Coastal', 'Metro', 'Prime', 'Apex',
  'Clear', 'Swift', 'True', 'Bold', 'Lumen', 'Orbit', 'Delta', 'Sierra', 'Alpine', 'Aurora',
  'Beacon', 'Copper', 'Golden', 'Hollow', 'Indigo', 'Juniper', 'Keystone', 'Lake', 'Meadow', 'Nimbus',
  'Oxford', 'Pine', 'Quarry', 'Raven', 'Sable', 'Tidal', 'Union', 'Valley', 'Willow', 'Zenith',
  'Amber', 'Birch', 'Cobalt', 'Drift', 'Ember', 'Fern', 'Glacier', 'Hawk', 'Ivory', 'Jade',
  'Kestrel', 'Lunar', 'Marble', 'Noble', 'Onyx', 'Pacific', 'Rapid', 'Solar', 'Terra', 'Vista',
] as const;

export const COMPANY_ENDINGS = [
  'wind', 'point', 'bridge', 'field', 'gate', 'line', 'works', 'stack', 'path', 'wave',
  'light', 'peak', 'forge', 'haven', 'ridge', 'craft', 'scale', 'spring', 'core', 'base',
  'view', 'star', 'rock', 'wood', 'shore', 'crest', 'mark', 'port', 'stone', 'vale',
  'fort', 'mill', 'brook', 'land', 'tech', 'logic', 'sys', 'ware', 'net', 'flow',
] as const;

export const COMPANY_DESCRIPTORS = [
  'Analytics', 'Logistics', 'Health', 'Systems', 'Software', 'Foods', 'Capital', 'Labs', 'Media', 'Energy',
  'Robotics', 'Learning', 'Retail', 'Consulting', 'Manufacturing', 'Networks', 'Partners', 'Pharma', 'Insurance', 'Solutions',
  'Holdings', 'Industries', 'Digital', 'Freight', 'Clinics', 'Advisors', 'Security', 'Cloud', 'Studios', 'Materials',
] as const;
