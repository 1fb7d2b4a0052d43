import { describe, expect, it } from 'vitest';
import { formatIssue, validateView } from '../../src/sandbox/emulator/validateBlocks.js';
import { queueView } from '../../src/slack/tagging/queueView.js';
import type { ReviewData } from '../../src/slack/tagging/reviewData.js';
import { reviewView } from '../../src/slack/tagging/reviewView.js';
import { parseReviewChoice } from '../../src/slack/tagging/submission.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';

const taxonomy = loadTaxonomy();
const HOSTILE = '<!channel> *bold* & <https://evil.example|click> '.repeat(200);

function data(text: string): ReviewData {
  return {
    answer: {
      answerId: 12,
      answerVersion: 3,
      interviewId: 4,
      question: `Why? ${HOSTILE}`,
      text,
      audience: 'manager',
      petalId: 'legal',
      motivatorIds: [],
    },
    tags: [
      {
        kind: 'petal',
        label: 'legal',
        confidence: 1,
        source: 'self',
        evidence: [{ type: 'self' }],
        taxonomyVersion: '1',
        createdBy: null,
      },
      {
        kind: 'petal',
        label: 'management',
        confidence: 0.6,
        source: 'auto',
        evidence: [
          { type: 'words', text: HOSTILE, signal: 'my team' },
          { type: 'audience', audience: 'manager' },
        ],
        taxonomyVersion: '1',
        createdBy: null,
      },
      {
        kind: 'stage',
        label: 'stage-1',
        confidence: 0.1,
        source: 'auto',
        evidence: [{ type: 'default' }],
        taxonomyVersion: '1',
        createdBy: null,
      },
      {
        kind: 'motivator',
        label: 'compliance',
        confidence: 0.5,
        source: 'auto',
        evidence: [{ type: 'learned', answerId: 3, similarity: 0.8, text: 'cla, legal' }],
        taxonomyVersion: '1',
        createdBy: null,
      },
    ],
    reviewed: false,
  };
}

describe('the review views', () => {
  it('stay within Block Kit limits with a long, hostile answer, and escape what people wrote', () => {
    const view = reviewView(taxonomy, data(HOSTILE.repeat(3)), { a: 12, v: 3, q: 'V123' });
    expect(validateView(view).map(formatIssue)).toEqual([]);
    const json = JSON.stringify(view);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(JSON.parse(view.private_metadata!)).toEqual({ a: 12, v: 3, q: 'V123' });
  });

  it('preselects the current tags so that saving as shown confirms them', () => {
    const view = reviewView(taxonomy, data('Short answer.'), { a: 12, v: 3 });
    const input = (id: string) =>
      view.blocks.find((b) => b.block_id === id) as unknown as { element: Record<string, unknown> };
    const values = (opts: unknown) => (opts as { value: string }[] | undefined)?.map((o) => o.value);
    expect(values(input('petals').element.initial_options)).toEqual(['legal', 'management']);
    expect((input('stage').element.initial_option as { value: string }).value).toBe('stage-1');
    expect(values(input('motivators').element.initial_options)).toEqual(['compliance']);
    expect(JSON.stringify(view)).toContain('like answer #3 staff reviewed (80% alike: cla, legal)');
  });

  it('lists the queue within limits, with a Review button per answer', () => {
    const queued = Array.from({ length: 20 }, (_, i) => ({
      answerId: i + 1,
      interviewId: 1,
      campaignName: HOSTILE,
      audience: 'contributor',
      question: HOSTILE,
      text: HOSTILE,
      confidence: 0.1,
      taggedAt: '2026-03-02T10:00:00.000Z',
    }));
    const view = queueView(queued, 57);
    expect(validateView(view).map(formatIssue)).toEqual([]);
    expect(JSON.stringify(view)).toContain(
      '57 answers tagged with low confidence; the 20 least confident are shown',
    );
    expect(JSON.stringify(queueView([], 0))).toContain('Nothing to review');
  });
});

describe('reading a review submission', () => {
  const state = (petals: string[], stage: string | null, motivators: string[]) => ({
    petals: { pick: { type: 'multi_static_select', selected_options: petals.map((value) => ({ value })) } },
    stage: { pick: { type: 'static_select', selected_option: stage ? { value: stage } : null } },
    motivators: {
      pick: { type: 'multi_static_select', selected_options: motivators.map((value) => ({ value })) },
    },
  });

  it('accepts taxonomy ids', () => {
    expect(parseReviewChoice(taxonomy, state(['legal', 'legal', 'ospo'], 'stage-2', ['compliance']))).toEqual(
      {
        ok: true,
        choice: { petals: ['legal', 'ospo'], stage: 'stage-2', motivators: ['compliance'] },
      },
    );
  });

  it('answers with errors keyed by block for missing or unknown choices', () => {
    const r = parseReviewChoice(taxonomy, state([], 'engagement-denial', ['made-up']));
    expect(r).toEqual({
      ok: false,
      errors: {
        petals: 'Choose at least one petal.',
        stage: expect.stringMatching(/no longer in the maturity model/),
        motivators: expect.stringMatching(/no longer in the taxonomy/),
      },
    });
    expect(parseReviewChoice(taxonomy, undefined)).toMatchObject({
      ok: false,
      errors: { petals: expect.any(String), stage: 'Choose a stage.' },
    });
  });
});
