import { describe, expect, it } from 'vitest';
import { formatIssue, validateBlocks, validateView } from '../../src/sandbox/emulator/validateBlocks.js';

const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Interview' },
  submit: { type: 'plain_text', text: 'Next' },
  blocks: [section('hello')],
  ...extra,
});
const messages = (blocks: unknown, surface: 'message' | 'modal' | 'home' = 'message') =>
  validateBlocks(blocks, surface).map(formatIssue);

describe('validateBlocks', () => {
  it('accepts a realistic message: header, section with fields and button, context, actions with select', () => {
    const blocks = [
      { type: 'header', block_id: 'h', text: { type: 'plain_text', text: 'Your interview' } },
      section('Hi *there*', {
        block_id: 's',
        fields: [{ type: 'mrkdwn', text: '*Due*\nFriday' }],
        accessory: {
          type: 'button',
          action_id: 'start',
          text: { type: 'plain_text', text: 'Start' },
          value: 'i-1',
        },
      }),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'context' }] },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'later',
            text: { type: 'plain_text', text: 'Later' },
            style: 'primary',
          },
          { type: 'static_select', action_id: 'pick', options: [option('One', '1'), option('Two', '2')] },
        ],
      },
      { type: 'divider' },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('caps messages at 50 blocks and views at 100, with Slack wording', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => section(`b${i}`));
    expect(messages(fifty)).toEqual([]);
    expect(messages([...fifty, section('one more')])).toEqual([
      'no more than 50 items allowed [json-pointer:/blocks]',
    ]);
    const hundred = Array.from({ length: 100 }, (_, i) => section(`b${i}`));
    expect(messages(hundred, 'modal')).toEqual([]);
    expect(messages([...hundred, section('x')], 'home')).toEqual([
      'no more than 100 items allowed [json-pointer:/blocks]',
    ]);
  });

  it('limits section text to 3000 and fields to 10 × 2000', () => {
    expect(messages([section('x'.repeat(3000))])).toEqual([]);
    expect(messages([section('x'.repeat(3001))])).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const field = (t: string) => ({ type: 'mrkdwn', text: t });
    const eleven = Array.from({ length: 11 }, () => field('f'));
    expect(messages([{ type: 'section', fields: eleven }])).toEqual([
      'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ]);
    expect(messages([{ type: 'section', fields: [field('x'.repeat(2001))] }])).toEqual([
      'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    ]);
  });

  it('limits header text to 150 plain_text characters', () => {
    const header = (text: string, type = 'plain_text') => ({ type: 'header', text: { type, text } });
    expect(messages([header('x'.repeat(150))])).toEqual([]);
    expect(messages([header('x'.repeat(151))])).toEqual([
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(messages([header('bold', 'mrkdwn')])).toEqual([
      'must be a valid enum value [json-pointer:/blocks/0/text/type]',
    ]);
  });

  it('limits context to 10 elements', () => {
    const els = Array.from({ length: 11 }, () => ({ type: 'plain_text', text: 'c' }));
    expect(messages([{ type: 'context', elements: els }])).toEqual([
      'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ]);
  });

  it('limits option text to 75 and value to 150, static_select to 100 options, checkboxes/radios to 10', () => {
    const select = (options: unknown[]) => ({
      type: 'actions',
      elements: [{ type: 'static_select', options }],
    });
    expect(messages([select([option('x'.repeat(76), 'v')])])).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]',
    ]);
    expect(messages([select([option('t', 'v'.repeat(151))])])).toEqual([
      'must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]',
    ]);
    const many = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `${i}`));
    expect(messages([select(many(100))])).toEqual([]);
    expect(messages([select(many(101))])).toEqual([
      'no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]',
    ]);
    for (const type of ['checkboxes', 'radio_buttons']) {
      const input = {
        type: 'input',
        label: { type: 'plain_text', text: 'L' },
        element: { type, options: many(11) },
      };
      expect(messages([input], 'modal')).toEqual([
        'no more than 10 items allowed [json-pointer:/blocks/0/element/options]',
      ]);
    }
  });

  it('limits plain_text_input max_length to 3000', () => {
    const input = (max_length: number) => ({
      type: 'input',
      block_id: 'q1',
      label: { type: 'plain_text', text: 'Answer' },
      element: { type: 'plain_text_input', action_id: 'a', multiline: true, max_length },
    });
    expect(messages([input(3000)], 'modal')).toEqual([]);
    expect(messages([input(3001)], 'modal')).toEqual([
      'must be less than 3001 [json-pointer:/blocks/0/element/max_length]',
    ]);
  });

  it('limits block_id and action_id to 255 and rejects duplicate block_ids', () => {
    const long = 'x'.repeat(256);
    expect(messages([section('a', { block_id: long })])).toEqual([
      'must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ]);
    const button = { type: 'button', action_id: long, text: { type: 'plain_text', text: 'B' } };
    expect(messages([{ type: 'actions', elements: [button] }])).toEqual([
      'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ]);
    expect(messages([section('a', { block_id: 'same' }), section('b', { block_id: 'same' })])).toEqual([
      'duplicate block_id: same [json-pointer:/blocks/1/block_id]',
    ]);
  });

  it('requires text objects to have a known type and non-empty text', () => {
    expect(messages([{ type: 'section', text: { type: 'markdown', text: 'x' } }])).toEqual([
      'must be a valid enum value [json-pointer:/blocks/0/text/type]',
    ]);
    expect(messages([section('')])).toEqual([
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(messages([{ type: 'section', text: { type: 'plain_text' } }])).toEqual([
      'missing required field: text [json-pointer:/blocks/0/text]',
    ]);
  });

  it('names unknown block and element types', () => {
    expect(messages([{ type: 'container' }])).toEqual([
      'unsupported type: container [json-pointer:/blocks/0/type]',
    ]);
    expect(messages([{ type: 'actions', elements: [{ type: 'slider' }] }])).toEqual([
      'unsupported type: slider [json-pointer:/blocks/0/elements/0/type]',
    ]);
  });

  it('reports every problem, not only the first', () => {
    const out = messages([section('x'.repeat(3001), { block_id: 'a' }), section('', { block_id: 'a' })]);
    expect(out).toHaveLength(3);
  });
});

describe('validateView', () => {
  const issues = (view: unknown) => validateView(view).map(formatIssue);

  it('accepts a modal with inputs and a submit button', () => {
    const view = modal({
      blocks: [
        {
          type: 'input',
          block_id: 'q1',
          label: { type: 'plain_text', text: 'What motivates you?' },
          element: { type: 'plain_text_input', action_id: 'answer', multiline: true, max_length: 3000 },
        },
      ],
    });
    expect(issues(view)).toEqual([]);
  });

  it('limits title, submit and close to 24 characters', () => {
    const text = (t: string) => ({ type: 'plain_text', text: t });
    expect(issues(modal({ title: text('x'.repeat(24)) }))).toEqual([]);
    expect(issues(modal({ title: text('x'.repeat(25)) }))).toEqual([
      'must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect(issues(modal({ submit: text('x'.repeat(25)), close: text('y'.repeat(25)) }))).toEqual([
      'must be less than 25 characters [json-pointer:/view/submit/text]',
      'must be less than 25 characters [json-pointer:/view/close/text]',
    ]);
  });

  it('limits private_metadata to 3000 and callback_id to 255', () => {
    expect(issues(modal({ private_metadata: 'x'.repeat(3000) }))).toEqual([]);
    expect(issues(modal({ private_metadata: 'x'.repeat(3001), callback_id: 'c'.repeat(256) }))).toEqual([
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
      'must be less than 256 characters [json-pointer:/view/callback_id]',
    ]);
  });

  it('requires a title on modals and a submit button when there are inputs', () => {
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'L' },
      element: { type: 'plain_text_input' },
    };
    expect(issues({ type: 'modal', blocks: [input] })).toEqual([
      'missing required field: title [json-pointer:/view]',
      'missing required field: submit [json-pointer:/view]',
    ]);
  });

  it('applies the 100-block cap under /view/blocks and accepts home views without a title', () => {
    const blocks = Array.from({ length: 101 }, (_, i) => section(`b${i}`));
    expect(issues({ type: 'home', blocks })).toEqual([
      'no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
    expect(issues({ type: 'home', blocks: blocks.slice(0, 100) })).toEqual([]);
  });
});
