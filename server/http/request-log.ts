import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * Logs each API request once it is answered: method, path, status, time and who. Headers
 * and bodies are never logged, so no password, cookie or token reaches the log.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'debug';
      // Successes are logged at debug: at a quieter level, nothing of the line is built.
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({ method: req.method, path: req.baseUrl + req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, user: req.auth?.user._id.toHexString() }, 'request');
    });
    next();
  };
}
