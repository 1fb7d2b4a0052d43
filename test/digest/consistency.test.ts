import { describe, expect, it } from 'vitest';
import { consistency, cosine, describeConsistency } from '../../src/digest/consistency.js';

describe('consistency across petals (Scenario #10)', () => {
  it('is 1 when every petal names the same motivators in the same proportions, whatever their sizes', () => {
    const r = consistency([
      [2, 4, 0],
      [5, 10, 0],
      [1, 2, 0],
    ]);
    expect(r.score).toBeCloseTo(1, 6);
  });

  it('is 0 when no two petals share a motivator', () => {
    expect(
      consistency([
        [3, 0, 0],
        [0, 4, 0],
        [0, 0, 5],
      ]).score,
    ).toBe(0);
  });

  it('names the petal least like the others', () => {
    const r = consistency([
      [5, 4, 0, 0],
      [6, 5, 1, 0],
      [4, 5, 0, 0],
      [0, 0, 1, 6], // Legal: compliance and security, nothing the others name
    ]);
    expect(r.mostDifferent?.index).toBe(3);
    expect(r.mostDifferent?.similarity).toBeLessThan(0.2);
    expect(r.score).toBeGreaterThan(0.3);
    expect(r.score).toBeLessThan(0.7);
  });

  it('needs two petals with motivators to say anything', () => {
    expect(consistency([[1, 2]]).score).toBeNull();
    expect(
      consistency([
        [1, 2],
        [0, 0],
      ]).score,
    ).toBeNull();
    expect(
      consistency([
        [1, 0],
        [1, 0],
      ]).mostDifferent,
    ).toBeNull();
  });

  it('computes cosine similarity and words it', () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 9);
    expect(describeConsistency(0.9)).toMatch(/share the same reasons/);
    expect(describeConsistency(0.2)).toMatch(/Scenario #10/);
  });
});
