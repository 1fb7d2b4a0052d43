import { describe, expect, it } from 'vitest';
import { buildStateValues } from '../../src/sandbox/emulator/index.js';

const opt = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });
const input = (block_id: string, element: Record<string, unknown>) => ({
  type: 'input',
  block_id,
  label: { type: 'plain_text', text: block_id },
  element: { action_id: 'a', ...element },
});
const blocks = [
  { type: 'section', text: { type: 'mrkdwn', text: 'intro' } },
  input('text', { type: 'plain_text_input' }),
  input('motivators', { type: 'checkboxes', options: [opt('cost'), opt('security'), opt('talent')] }),
  input('consent', { type: 'radio_buttons', options: [opt('named'), opt('anonymous'), opt('none')] }),
  input('interviewer', { type: 'users_select' }),
  input('when', { type: 'datepicker' }),
];

describe('buildStateValues', () => {
  it('shapes each answer by element type, with the chosen option objects, and lists unanswered inputs empty', () => {
    const values = buildStateValues(blocks, {
      text: 'We depend on many libraries',
      motivators: ['security', 'talent'],
      consent: 'anonymous',
      interviewer: 'U00000003',
    });
    expect(values).toEqual({
      text: { a: { type: 'plain_text_input', value: 'We depend on many libraries' } },
      motivators: { a: { type: 'checkboxes', selected_options: [opt('security'), opt('talent')] } },
      consent: { a: { type: 'radio_buttons', selected_option: opt('anonymous') } },
      interviewer: { a: { type: 'users_select', selected_user: 'U00000003' } },
      when: { a: { type: 'datepicker', selected_date: null } },
    });
  });

  it('refuses answers a person could not give: an option not offered, a block that is not there', () => {
    expect(() => buildStateValues(blocks, { consent: 'public' })).toThrow(/no option with value "public"/);
    expect(() => buildStateValues(blocks, { txet: 'typo' })).toThrow(/no input block with block_id txet/);
  });
});
