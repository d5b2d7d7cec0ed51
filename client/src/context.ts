import { createContext } from '@lit/context';
import type { User } from '../../shared/user.js';
import type { ShoalApi } from './api.js';
import type { LiveClient } from './live.js';

/** The REST client, provided by `<shoal-app>`. */
export const apiContext = createContext<ShoalApi | undefined>(Symbol('shoal-api'));

/** The live connection, provided by `<shoal-app>`. */
export const liveContext = createContext<LiveClient | undefined>(Symbol('shoal-live'));

/** The signed-in user, provided by `<shoal-app>` (undefined while nobody is signed in). */
export const userContext = createContext<User | undefined>(Symbol('shoal-user'));
