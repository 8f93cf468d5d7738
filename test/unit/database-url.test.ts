// GATEHOUSE_DATABASE_URL: checked at start, and never printed with its password.
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../server/config';

describe('GATEHOUSE_DATABASE_URL', () => {
  it('selects PostgreSQL, and start-up prints it without the password', () => {
    const config = loadConfig({
      GATEHOUSE_DATABASE_URL: 'postgres://gatehouse:hunter2@db.lakeside.test:5432/gatehouse',
    });
    expect(config.databaseUrl).toBe('postgres://gatehouse:hunter2@db.lakeside.test:5432/gatehouse');
    const printed = JSON.stringify(describeConfig(config));
    expect(printed).toContain('postgres://gatehouse:****@db.lakeside.test:5432/gatehouse');
    expect(printed).not.toContain('hunter2');
  });

  it('is SQLite in the data folder when unset', () => {
    const config = loadConfig({ GATEHOUSE_DATA_DIR: '/srv/gatehouse' });
    expect(config.databaseUrl).toBeNull();
    expect(describeConfig(config).database).toBe('/srv/gatehouse/gatehouse.sqlite');
  });

  it('refuses anything but a postgres:// URL, naming the variable', () => {
    expect(() => loadConfig({ GATEHOUSE_DATABASE_URL: 'mysql://db/gatehouse' })).toThrow(
      /GATEHOUSE_DATABASE_URL: must be a postgres/,
    );
  });
});
