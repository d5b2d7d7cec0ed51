import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it('names each bad variable and what it must be', () => {
    expect(() => loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', REDIS_URL: 'localhost' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', REDIS_URL: 'localhost' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('MONGODB_URI: must be a mongodb:// or mongodb+srv:// connection string');
      expect(message).toContain('REDIS_URL');
    }
  });

  it('reads SHOAL_ALLOWED_ORIGINS as a list of origins', () => {
    expect(loadConfig({}).SHOAL_ALLOWED_ORIGINS).toEqual([]);
    expect(loadConfig({ SHOAL_ALLOWED_ORIGINS: 'https://crm.example.com, http://localhost:5173' }).SHOAL_ALLOWED_ORIGINS).toEqual(['https://crm.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ SHOAL_ALLOWED_ORIGINS: 'https://crm.example.com/app' })).toThrow(/SHOAL_ALLOWED_ORIGINS/);
  });

  it('never prints the rejected value of a secret: the admin password, credentials in URLs', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    const password = message({ SHOAL_ADMIN_EMAIL: 'boss@shoal.test', SHOAL_ADMIN_PASSWORD: 'hunter2xy' });
    expect(password).toContain('SHOAL_ADMIN_PASSWORD: must be at least 10 characters');
    expect(password).not.toContain('hunter2xy');
    const common = message({ SHOAL_ADMIN_EMAIL: 'boss@shoal.test', SHOAL_ADMIN_PASSWORD: 'password123' });
    expect(common).toMatch(/SHOAL_ADMIN_PASSWORD: is one of the most common passwords/);
    expect(common).not.toContain('password123');
    const mongo = message({ MONGODB_URI: 'mongodb://shoal:s3cr3t-pass@db.internal:27017/shoal extra' });
    expect(mongo).toContain('MONGODB_URI');
    expect(mongo).not.toContain('s3cr3t-pass');
    expect(mongo).toContain('mongodb://***@db.internal');
    const redis = message({ REDIS_URL: 'redis://:r3dis-pass@cache:6379 x' });
    expect(redis).not.toContain('r3dis-pass');
    // Other values are shown, so a typo can be seen.
    expect(message({ PORT: 'eighty' })).toContain('"eighty"');
  });

  it('trusts no proxy unless SHOAL_TRUST_PROXY says which', () => {
    expect(loadConfig({}).SHOAL_TRUST_PROXY).toBe(false);
    expect(loadConfig({ SHOAL_TRUST_PROXY: '1' }).SHOAL_TRUST_PROXY).toBe(1);
    expect(loadConfig({ SHOAL_TRUST_PROXY: 'true' }).SHOAL_TRUST_PROXY).toBe(true);
    expect(loadConfig({ SHOAL_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).SHOAL_TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ SHOAL_TRUST_PROXY: 'yes please!' })).toThrow(/SHOAL_TRUST_PROXY/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '' }).PORT).toBe(3000);
  });
});

describe('unattended first admin', () => {
  it('needs SHOAL_ADMIN_EMAIL and SHOAL_ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ SHOAL_ADMIN_EMAIL: 'boss@shoal.test' })).toThrow(/set together/);
    expect(() => loadConfig({ SHOAL_ADMIN_EMAIL: 'boss@shoal.test', SHOAL_ADMIN_PASSWORD: 'short' })).toThrow(/at least 10/);
    expect(loadConfig({ SHOAL_ADMIN_EMAIL: 'boss@shoal.test', SHOAL_ADMIN_PASSWORD: 'long enough pass' }).SHOAL_ADMIN_EMAIL).toBe('boss@shoal.test');
  });
});
