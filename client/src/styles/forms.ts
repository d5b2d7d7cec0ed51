/** Forms: fields with their labels, hints and errors, the submit button, a dialog's form. */
import { css } from 'lit';
import { bannerColors } from './feedback.js';

/** A field's label, hint and error message (`label`, `.hint`, `.error`). */
export const fieldParts = css`
  label {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
    margin-bottom: 0.3125rem;
  }
  .hint {
    margin: 0.3125rem 0 0;
    font-size: 0.8125rem;
    color: var(--shoal-muted, #536171);
  }
  .error {
    display: flex;
    gap: 0.3rem;
    margin: 0.3125rem 0 0;
    font-size: 0.8125rem;
    font-weight: 500;
    color: var(--shoal-danger, #b42318);
  }
`;

/**
 * Form parts shared by the sign-in, setup, team and token forms: labels, hints, field
 * errors and message banners.
 */
export const forms = css`
  .field + .field {
    margin-top: 1rem;
  }
  ${fieldParts}
  .banner {
    border-radius: 0.625rem;
    padding: 0.75rem 0.875rem;
    margin: 0 0 1rem;
    font-size: 0.875rem;
    line-height: 1.45;
  }
  .banner p {
    margin: 0;
  }
  ${bannerColors}
  select {
    appearance: auto;
  }
`;

/** The full-width submit button at the foot of the sign-in and setup forms (`.submit`). */
export const submitButton = css`
  .submit {
    width: 100%;
    margin-top: 1.25rem;
    min-height: 2.75rem;
    font-size: 0.9375rem;
  }
`;

/** A dialog's form: the body scrolls, an intro under the title, fields in two columns (one on a phone). */
export const dialogForm = css`
  form {
    display: flex;
    flex-direction: column;
    max-height: calc(100dvh - 1.5rem);
  }
  .dialog-body {
    overflow: auto;
  }
  .intro {
    margin: 0.25rem 0 0;
    color: var(--shoal-muted, #536171);
    font-size: 0.875rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.875rem 1rem;
  }
  @media (max-width: 34rem) {
    .grid {
      grid-template-columns: 1fr;
    }
  }
  .required {
    color: var(--shoal-danger, #b42318);
    font-weight: 400;
  }
`;
