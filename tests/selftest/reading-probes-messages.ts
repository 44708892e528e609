// The reading probes of the points about messages: tool fields off their role, unnamed
// properties, empty lists, blank content, and the tool and system rules (see reading-probes.ts).
import { add, call, outcome, question, type ReadingProbe, run, tools } from './reading-probes-kit.ts';
import { callServer, firstAssistant, threadWith } from './reference-client.ts';

/** The probes of the message points, by point. */
export const messageProbes = {
  offRoleToolCalls: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const added = await callServer(s, 'POST', `/v1/threads/${thread}/messages`, {
        body: { role: 'user', content: 'Und?', tool_calls: [call('call_user')] },
      });
      const echoed = (added.json as { tool_calls?: unknown }).tool_calls ?? null;
      return [
        outcome(added),
        `echoed ${echoed === null ? 'none' : 'tool_calls'}`,
        await run(s, thread),
        await add(s, thread, { role: 'tool', content: 'zwei Wochen', tool_call_id: 'call_user' }),
      ];
    },
    observed: {
      ignore: ['201', 'echoed none', '200', '400 tool_message_has_no_matching_tool_call'],
      'refuse-on-add': [
        '422 validation_error body.tool_calls',
        'echoed none',
        '200',
        '400 tool_message_has_no_matching_tool_call',
      ],
      'count-at-run': ['201', 'echoed tool_calls', '400 bad_request', '201'],
    },
  },
  offRoleToolCallId: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const added = await callServer(s, 'POST', `/v1/threads/${thread}/messages`, {
        body: { role: 'user', content: 'Und?', tool_call_id: 'call_stray' },
      });
      const echoed = (added.json as { tool_call_id?: unknown }).tool_call_id ?? null;
      return [outcome(added), `echoed ${echoed === null ? 'none' : 'tool_call_id'}`, await run(s, thread)];
    },
    observed: {
      ignore: ['201', 'echoed none', '200'],
      'refuse-on-add': ['422 validation_error body.tool_call_id', 'echoed none', '200'],
      'refuse-at-run': ['201', 'echoed tool_call_id', '400 bad_request'],
    },
  },
  extraFields: {
    probe: async (s) => {
      const free = {
        meta_data: { channel: 'web', user_data: { team: 'hr' } },
        tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', 'x-any': 1 } } }],
      };
      const created = await callServer(s, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(s)).id, colour: 'blue' },
      });
      const assistant = {
        role: 'assistant',
        content: '',
        tool_calls: [{ ...call('c'), function: { name: 'f', arguments: '{}', strict: true } }],
      };
      return [
        await run(s, await threadWith(s, [question]), { client_ref: 'x' }),
        await run(s, await threadWith(s, [question]), {
          tool_choice: { type: 'function', function: { name: 'lookup', x: 1 } },
          tools,
        }),
        await run(s, await threadWith(s, [question]), free),
        outcome(created),
        await add(s, await threadWith(s, [question]), assistant),
      ];
    },
    observed: {
      ignore: ['200', '200', '200', '201', '201'],
      refuse: [
        '422 validation_error body.client_ref',
        '422 validation_error body.tool_choice.function.x',
        '200',
        '422 validation_error body.colour',
        '422 validation_error body.tool_calls.0.function.strict',
      ],
    },
  },
  emptyLists: {
    probe: async (s) => [
      await run(s, await threadWith(s, [question]), { tools: [] }),
      await add(s, await threadWith(s, [question]), { role: 'assistant', content: 'Gern.', tool_calls: [] }),
    ],
    observed: {
      accept: ['200', '201'],
      refuse: ['422 validation_error body.tools', '422 validation_error body.tool_calls'],
    },
  },
  blankContent: {
    probe: async (s) => [
      await add(s, await threadWith(s, [question]), { role: 'user', content: ' \t ' }),
      // Whitespace to Python (an information separator), text to JavaScript.
      await add(s, await threadWith(s, [question]), { role: 'user', content: '\u001c' }),
      // Whitespace to JavaScript (the byte order mark), text to Python.
      await add(s, await threadWith(s, [question]), { role: 'user', content: '\ufeff' }),
    ],
    observed: {
      javascript: ['422 message_content_empty', '201', '422 message_content_empty'],
      python: ['422 message_content_empty', '422 message_content_empty', '201'],
    },
  },
  callsOnlyContent: {
    probe: async (s) => [
      await add(s, await threadWith(s, [question]), { role: 'assistant', content: '', tool_calls: [call('c')] }),
      await add(s, await threadWith(s, [question]), { role: 'assistant', content: ' ', tool_calls: [call('c')] }),
      await add(s, await threadWith(s, [question]), { role: 'assistant', content: '' }),
    ],
    observed: {
      trim: ['201', '201', '422 message_content_empty'],
      'as-written': ['201', '422 validation_error body.content', '422 message_content_empty'],
    },
  },
  messageValidation: {
    probe: async (s) => {
      const thread = await threadWith(s, []);
      return [
        await add(s, thread, { role: 'system', content: 'Antworte knapp.' }),
        await add(s, thread, { role: 'system', content: 'Antworte auf Deutsch.' }),
        await add(s, thread, question),
        await add(s, thread, { role: 'user', content: 'x'.repeat(30_001) }),
        await run(s, thread),
      ];
    },
    observed: {
      'on-add': ['201', '422 validation_error body.role', '201', '422 validation_error body.content', '200'],
      'at-run': ['201', '201', '201', '201', '422 unprocessable_entity'],
    },
  },
  orphanTool: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      return [await add(s, thread, { role: 'tool', content: 'x', tool_call_id: 'call_never' }), await run(s, thread)];
    },
    observed: {
      'refuse-on-add': ['400 tool_message_has_no_matching_tool_call', '200'],
      'refuse-at-run': ['201', '400 bad_request'],
    },
  },
  missingToolCallId: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      return [
        await add(s, thread, { role: 'tool', content: 'x' }),
        await add(s, thread, { role: 'tool', content: 'x', tool_call_id: '' }),
        await run(s, thread),
      ];
    },
    observed: {
      // orphanTool is at its standard reading (refuse-on-add) while a point is probed.
      orphan: ['400 tool_message_has_no_matching_tool_call', '400 tool_message_has_no_matching_tool_call', '200'],
      required: ['422 validation_error body.tool_call_id', '422 validation_error body.tool_call_id', '200'],
    },
  },
  secondAnswer: {
    probe: async (s) => {
      const thread = await threadWith(s, [
        question,
        { role: 'assistant', content: '', tool_calls: [call('call_a')] },
        { role: 'tool', content: 'a', tool_call_id: 'call_a' },
      ]);
      return [
        await add(s, thread, { role: 'tool', content: 'noch einmal', tool_call_id: 'call_a' }),
        await run(s, thread),
      ];
    },
    observed: {
      accept: ['201', '200'],
      'refuse-on-add': ['400 tool_message_has_no_matching_tool_call', '200'],
      'refuse-at-run': ['201', '400 bad_request'],
    },
  },
  systemAfterStart: {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      return [
        await add(s, thread, { role: 'system', content: 'Antworte knapp.' }),
        await add(s, thread, { role: 'user', content: 'Und weiter?' }),
        await run(s, thread),
      ];
    },
    observed: {
      'refuse-on-add': ['400 bad_request', '201', '200'],
      'refuse-at-run': ['201', '201', '400 bad_request'],
      accept: ['201', '201', '200'],
    },
  },
  toolAdjacency: {
    probe: async (s) => {
      // A user message while a call is open, then the call's answer.
      const open = await threadWith(s, [question, { role: 'assistant', content: '', tool_calls: [call('call_a')] }]);
      const between = await add(s, open, { role: 'user', content: 'Dazwischen' });
      const answer = await add(s, open, { role: 'tool', content: 'a', tool_call_id: 'call_a' });
      // An answer to a call that another message has come after.
      const late = await threadWith(s, [
        question,
        { role: 'assistant', content: '', tool_calls: [call('call_b')] },
        { role: 'tool', content: 'b', tool_call_id: 'call_b' },
        { role: 'user', content: 'Danke. Und?' },
      ]);
      return [
        between,
        answer,
        await run(s, open),
        await add(s, late, { role: 'tool', content: 'b2', tool_call_id: 'call_b' }),
      ];
    },
    observed: {
      'any-order': ['201', '201', '200', '201'],
      'refuse-on-add': ['400 bad_request', '201', '200', '400 bad_request'],
      'refuse-at-run': ['201', '201', '400 bad_request', '201'],
    },
  },
} satisfies {
  [P in
    | 'offRoleToolCalls'
    | 'offRoleToolCallId'
    | 'extraFields'
    | 'emptyLists'
    | 'blankContent'
    | 'callsOnlyContent'
    | 'messageValidation'
    | 'orphanTool'
    | 'missingToolCallId'
    | 'secondAnswer'
    | 'systemAfterStart'
    | 'toolAdjacency']: ReadingProbe<P>;
};
