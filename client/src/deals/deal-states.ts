import { html, nothing } from 'lit';
import { ApiError, describeError } from '../api.js';
import { paths } from '../shell/routes.js';

/** What the deal page shows when it has no deal: not found (a wrong link, or deleted), or a load that failed (Try again). */
export function dealLoadFailed(error: unknown, retry: () => void, navigate: (event: MouseEvent, path: string) => void) {
  const missing = error instanceof ApiError && error.status === 404;
  return html`<section class="card page-state" role="alert">
    <h1 tabindex="-1">${missing ? 'This deal is not here' : "We couldn't load this deal"}</h1>
    <p>${missing ? 'It may have been deleted, or the link is wrong.' : describeError(error)}</p>
    <div class="actions">
      ${missing ? nothing : html`<button type="button" class="primary retry" @click=${retry}>Try again</button>`}
      <a class="button" href=${paths.pipeline()} @click=${(e: MouseEvent) => navigate(e, paths.pipeline())}>Go to the pipeline</a>
    </div>
  </section>`;
}

/** The notice on a deal deleted while it was open. */
export const dealDeletedNotice = (name: string | undefined, by: string) =>
  html`<section class="card deleted" role="alert" aria-labelledby="deleted-title">
    <h2 id="deleted-title">Deleted by ${by}</h2>
    <p>${name ?? 'This deal'} was deleted. Its customer's page lists the deals it still has.</p>
  </section>`;
