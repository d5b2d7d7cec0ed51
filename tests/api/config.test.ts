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
