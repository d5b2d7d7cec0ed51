import { createContext } from '@lit/context';
import type { ShoalApi } from './api.js';
import type { Identity } from './identity.js';
import type { LiveClient } from './live.js';

/** The REST client, provided by `<shoal-app>`. */
export const apiContext = createContext<ShoalApi | undefined>(Symbol('shoal-api'));

/** The live connection, provided by `<shoal-app>`. */
export const liveContext = createContext<LiveClient | undefined>(Symbol('shoal-live'));

/** Who this browser acts as, provided by `<shoal-app>`. */
export const identityContext = createContext<Identity | undefined>(Symbol('shoal-identity'));
