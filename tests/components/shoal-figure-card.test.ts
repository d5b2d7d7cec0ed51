import { expect, fixture, html } from '@open-wc/testing';
import '../../client/src/components/shoal-figure-card.js';
import type { ShoalFigureCard } from '../../client/src/components/shoal-figure-card.js';

/** How many lines the figure's text takes, and whether it stays inside its card. */
function layoutOf(card: ShoalFigureCard): { lines: number; fits: boolean } {
  const value = card.shadowRoot!.querySelector<HTMLElement>('.value')!;
  const range = document.createRange();
  range.selectNodeContents(value);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  const box = card.shadowRoot!.querySelector('article')!.getBoundingClientRect();
  const text = range.getBoundingClientRect();
  return { lines: tops.size, fits: text.right <= box.right + 0.5 && text.left >= box.left - 0.5 };
}

describe('shoal-figure-card', () => {
  // A phone's two-column figure grid (390 px wide) leaves each card about 170 px.
  for (const value of ['$12,345,678.90', '$1,234,567', '1,234,567', '63%']) {
    it(`keeps ${value} on one line inside a phone-width card`, async () => {
      const card = await fixture<ShoalFigureCard>(html`<shoal-figure-card style="width: 170px; display: flex" label="Open pipeline value" value=${value}></shoal-figure-card>`);
      await card.updateComplete;
      expect(layoutOf(card)).to.deep.equal({ lines: 1, fits: true });
    });
  }

  it('shows the value at full size on a laptop-width card', async () => {
    const card = await fixture<ShoalFigureCard>(html`<shoal-figure-card style="width: 320px; display: flex" label="Won" value="$1,234,567"></shoal-figure-card>`);
    const size = getComputedStyle(card.shadowRoot!.querySelector('.value')!).fontSize;
    expect(size).to.equal('26px');
  });

  it('says how the figure moved in words, with the previous figure', async () => {
    const card = await fixture<ShoalFigureCard>(
      html`<shoal-figure-card label="Win rate" value="40%" previous-value="30%" previous-label="previous 30 days" .change=${{ direction: 'up', text: 'Up 10 pts', tone: 'good' }}></shoal-figure-card>`,
    );
    expect(card.shadowRoot!.querySelector('.change')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('▲Up 10 pts 30% in the previous 30 days');
    await expect(card).to.be.accessible();
  });
});
