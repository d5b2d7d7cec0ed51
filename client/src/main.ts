import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
@customElement('x-t')
export class XT extends LitElement {
  /** n */
  @property({ type: Number }) n = 1;
  override render() { return html`${this.n}`; }
}
