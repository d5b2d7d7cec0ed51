import { css, html } from 'lit';
import { noteParts, type Mentionable } from './mention-text.js';

/**
 * A note's text with each mention as a name chip (`<span class="mention">@Name</span>`). The
 * text goes through lit's text bindings, so it is always escaped: markup in a note shows as
 * the characters typed, never as HTML. Include {@link mentionChipStyles} in the host's styles.
 */
export function renderNotes(text: string, team: readonly Mentionable[] = []) {
  const names = new Map(team.map((u) => [u.id, u.name]));
  return noteParts(text, (id) => names.get(id)).map((part) =>
    'userId' in part ? html`<span class="mention" data-user-id=${part.userId}>@${part.name}</span>` : part.text,
  );
}

/** The name chip of a mention in rendered notes. */
export const mentionChipStyles = css`
  .mention {
    display: inline-block;
    padding: 0 0.3125rem;
    border-radius: 0.3125rem;
    background: var(--shoal-accent-soft, #e7f3f8);
    color: #084e6d;
    font-weight: 600;
    white-space: nowrap;
  }
`;
