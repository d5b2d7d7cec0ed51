import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The board's early first answer (client/src/board/board-prefetch.ts), each test with a fresh page's module. */
type Prefetch = typeof import('../../client/src/board/board-prefetch.js');

const pipelineId = '0123456789abcdef01234567';
let asked: string[];
let answer: () => Response;

async function freshModule(): Promise<Prefetch> {
  vi.resetModules();
  return import('../../client/src/board/board-prefetch.js');
}

beforeEach(() => {
  asked = [];
  answer = () => new Response('{"stages":[]}', { status: 200, headers: { 'content-type': 'application/json', 'shoal-seq': '41' } });
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    return answer();
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('board prefetch', () => {
  it('asks for the board once per page, with the pipeline the address names', async () => {
    const { prefetchBoard, takePrefetched } = await freshModule();
    prefetchBoard(`?pipeline=${pipelineId}`);
    prefetchBoard(`?pipeline=${pipelineId}`);
    expect(asked).toEqual([`/api/pipeline?limit=50&pipelineId=${pipelineId}`]);
    const early = takePrefetched(`/pipeline?limit=50&pipelineId=${pipelineId}`);
    expect(await (await early)?.json()).toEqual({ stages: [] });
    // Used once: the board's next load asks for itself.
    expect(takePrefetched(`/pipeline?limit=50&pipelineId=${pipelineId}`)).toBeUndefined();
  });

  it('gives nothing for another query (another owner filter, page size or pipeline)', async () => {
    const { prefetchBoard, takePrefetched } = await freshModule();
    prefetchBoard('');
    expect(asked).toEqual(['/api/pipeline?limit=50']);
    expect(takePrefetched('/pipeline?limit=50&mine=true')).toBeUndefined();
  });

  it('drops an answer that is not a success with its Shoal-Seq (nobody signed in yet)', async () => {
    answer = () => new Response('{"title":"Not signed in"}', { status: 401, headers: { 'content-type': 'application/problem+json' } });
    const first = await freshModule();
    first.prefetchBoard('');
    expect(await first.takePrefetched('/pipeline?limit=50')).toBeUndefined();
    answer = () => new Response('{"stages":[]}', { status: 200 });
    const second = await freshModule();
    second.prefetchBoard('');
    expect(await second.takePrefetched('/pipeline?limit=50')).toBeUndefined();
  });

  it('drops an answer taken too late (the board opened long after the page)', async () => {
    const { prefetchBoard, takePrefetched } = await freshModule();
    vi.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(7_000);
    prefetchBoard('');
    expect(takePrefetched('/pipeline?limit=50')).toBeUndefined();
    vi.restoreAllMocks();
  });
});
