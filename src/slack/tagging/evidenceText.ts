import { escapeMrkdwn, truncate } from '../blocks/text.js';

/**
 * One line of mrkdwn per piece of evidence, for staff: which words, the interviewee's own choice, or which reviewed
 * answer it resembles. Evidence comes from the store as JSON, so every field is checked before use.
 */
export function evidenceText(evidence: unknown): string {
  if (evidence === null || typeof evidence !== 'object') return '';
  const e = evidence as Record<string, unknown>;
  const quote = (s: unknown) =>
    typeof s === 'string' && s !== '' ? `“${escapeMrkdwn(truncate(s, 60))}”` : '';
  switch (e.type) {
    case 'words': {
      // Retention strips the quoted words; the signal that matched remains.
      const said = quote(e.text) || `_${escapeMrkdwn(truncate(String(e.signal ?? ''), 60))}_`;
      const where = e.in === 'question' ? ' in the question' : '';
      const weak =
        e.weakened === 'negated' ? ' (negated)' : e.weakened === 'not-yet' ? ' (not done yet)' : '';
      return `${said}${where}${weak}`;
    }
    case 'self':
      return 'chosen by the interviewee';
    case 'staff':
      return 'set by OSPO staff';
    case 'audience':
      return `asked as ${typeof e.audience === 'string' ? `a ${escapeMrkdwn(e.audience)}` : 'their audience'}`;
    case 'learned': {
      const pct = typeof e.similarity === 'number' ? ` (${Math.round(e.similarity * 100)}% alike` : ' (';
      const words = typeof e.text === 'string' && e.text ? `: ${escapeMrkdwn(truncate(e.text, 60))})` : ')';
      const verb = e.rejected ? 'unlike' : 'like';
      return `${verb} answer #${Number(e.answerId)} staff reviewed${pct}${words}`;
    }
    case 'model': {
      // Retention strips the quote; what remains says where the tag came from.
      const weak =
        e.weakened === 'negated' ? ' (negated)' : e.weakened === 'not-yet' ? ' (not done yet)' : '';
      return `${quote(e.text) || 'the words'}${weak}, as the trained model reads them`;
    }
    case 'guess':
      return 'a guess: nothing in the words supports it';
    case 'default':
      return 'no evidence in the words; the usual stage';
    default:
      return '';
  }
}

/** Up to `max` evidence lines joined with commas. */
export function evidenceSummary(list: readonly unknown[], max = 4): string {
  const parts = list.map(evidenceText).filter((s) => s !== '');
  const shown = parts.slice(0, max).join(', ');
  return parts.length > max ? `${shown} …` : shown;
}
