import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

/** When each answered response's request began (`process.hrtime.bigint()`), read by the 'finish' listener. */
const STARTED = Symbol('request-log.started');
type Timed = Response & { [STARTED]?: bigint };

/**
 * Logs each API request once it is answered: method, path, status, time and who. Headers
 * and bodies are never logged, so no password, cookie or token reaches the log. One
 * 'finish' listener serves every response (it reads the response as `this`), so a request
 * allocates no closure for it.
 */
export function requestLog(logger: Logger): RequestHandler {
  function finished(this: Timed): void {
    const res = this;
    const level = res.statusCode >= 500 ? 'error' : 'debug';
    // Successes are logged at debug: at a quieter level, nothing of the line is built.
    if (!logger.isLevelEnabled(level)) return;
    const ms = Number(process.hrtime.bigint() - res[STARTED]!) / 1e6;
    const req = res.req;
    logger[level]({ method: req.method, path: req.baseUrl + req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, user: req.auth?.user._id.toHexString() }, 'request');
  }
  return (_req, res, next) => {
    (res as Timed)[STARTED] = process.hrtime.bigint();
    res.on('finish', finished);
    next();
  };
}
