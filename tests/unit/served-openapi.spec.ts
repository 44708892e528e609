// The API's own OpenAPI document at first contact (issue 22): the comparison with our contract,
// each finding tied to the statement of ours it bears on, what the ledger and the run's closing
// lines say of it, and the one line when the API serves none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { firstContact, openApiAddresses } from '../../contracts/client/served-openapi.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { assumptionStory } from '../../contracts/ledger/assumption-story.ts';
import { recordServedOpenApi } from '../../contracts/ledger/served-openapi-record.ts';
import { writeLedger } from '../../contracts/ledger/write-ledger.ts';
import { compareDocuments, type ServedFinding } from '../../contracts/openapi-diff/compare-documents.ts';
import { firstContactLine } from '../../contracts/openapi-diff/served-report.ts';
import { loadSpec, type Node } from '../../contracts/spec-document.ts';
import { differingDocument } from '../selftest/differing-document.ts';
import { startServingApi } from '../selftest/served-openapi-api.ts';
import { test } from '../support/base-test.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';

useScratchReportDir(test, 'served-openapi');

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

const differing = (f: ServedFinding) => f.bearing !== 'confirms';
const key = (f: ServedFinding) => `${f.bearing} ${f.aspect} ${f.operation} | ${f.where} | ${f.statement.pointer}`;

test.describe('comparing the documents', () => {
  test('finds nothing that differs in our own contract, and confirms its assumed statuses', async () => {
    const ours = await loadSpec();
    const findings = compareDocuments(ours, structuredClone(ours));
    expect(findings.filter(differing)).toEqual([]);
    expect(findings.some((f) => f.bearing === 'confirms' && f.statement.basis === 'assumed')).toBe(true);
  });

  const cases: Array<[string, { change: (doc: Doc) => void; want: string[] }]> = [
    [
      'a status of ours their document lacks, and one it adds',
      {
        change: (d) => {
          const op = d.paths['/v1/threads/{thread_id}']?.delete as { responses: Record<string, unknown> };
          delete op.responses['204'];
          op.responses['202'] = { description: 'later' };
        },
        want: [
          'contradicts status DELETE /v1/threads/{thread_id} | response 204 | #/paths/~1v1~1threads~1{thread_id}/delete/responses/204',
          'adds status DELETE /v1/threads/{thread_id} | response 202 | #/paths/~1v1~1threads~1{thread_id}/delete',
        ],
      },
    ],
    [
      'a field of ours their document lacks, in every answer that carries it',
      {
        change: (d) => {
          const assistant = d.components.schemas.Assistant as { properties: Record<string, unknown> };
          delete assistant.properties.streaming;
        },
        want: [
          'contradicts field GET /v1/assistants | 200 body /[]/streaming | #/components/schemas/Assistant/properties/streaming',
          'contradicts field GET /v1/assistants/{assistant_id} | 200 body /streaming | #/components/schemas/Assistant/properties/streaming',
        ],
      },
    ],
    [
      'a required field theirs makes optional, and a nullability',
      {
        change: (d) => {
          const schema = d.components.schemas.Feedback as { required: string[]; properties: Record<string, Node> };
          schema.required = schema.required.filter((f) => f !== 'message_id');
          schema.properties.feedback = { anyOf: [{ type: 'string' }, { type: 'null' }] };
        },
        want: [
          'contradicts nullability POST /v1/threads/{thread_id}/messages/{message_id}/feedback | 200 body /feedback | #/components/schemas/Feedback/properties/feedback',
          'contradicts required POST /v1/threads/{thread_id}/messages/{message_id}/feedback | 200 body /message_id | #/components/schemas/Feedback',
          'contradicts nullability POST /v1/threads/{thread_id}/messages/{message_id}/feedback | 201 body /feedback | #/components/schemas/Feedback/properties/feedback',
          'contradicts required POST /v1/threads/{thread_id}/messages/{message_id}/feedback | 201 body /message_id | #/components/schemas/Feedback',
        ],
      },
    ],
    [
      'a parameter their document lacks, one it adds, and an operation it lacks',
      {
        change: (d) => {
          const list = d.paths['/v1/threads']?.get as { parameters: unknown[] };
          list.parameters = list.parameters.filter((p) => (p as { name?: string }).name !== 'include_deleted');
          list.parameters.push({ name: 'order', in: 'query', required: false, schema: { type: 'string' } });
          delete d.paths['/v1/tenants/my-api-keys'];
        },
        want: [
          'contradicts parameter GET /v1/threads | query include_deleted | #/paths/~1v1~1threads/get/parameters/3',
          'adds parameter GET /v1/threads | query order | #/paths/~1v1~1threads/get',
          'contradicts operation GET /v1/tenants/my-api-keys | the operation | #/paths/~1v1~1tenants~1my-api-keys/get',
        ],
      },
    ],
    [
      'the same operations under a gateway prefix: nothing differs',
      {
        change: (d) => {
          for (const path of Object.keys(d.paths)) {
            d.paths[`/agents${path}`] = d.paths[path] as Record<string, Record<string, unknown>>;
            delete d.paths[path];
          }
        },
        want: [],
      },
    ],
  ];
  for (const [name, { change, want }] of cases) {
    test(name, async () => {
      const ours = await loadSpec();
      const theirs = structuredClone(ours) as unknown as Doc;
      change(theirs);
      expect(
        compareDocuments(ours, theirs as unknown as Node)
          .filter(differing)
          .map(key),
      ).toEqual(want);
    });
  }
});

test('a served document whose schemas nest their branches in a cycle is compared all the same', async () => {
  const ours = await loadSpec();
  const theirs = structuredClone(ours) as unknown as Doc;
  // Thread without its title, and an anyOf of itself: every branch read would read it again.
  const thread = theirs.components.schemas.Thread as { properties: Record<string, unknown>; anyOf?: unknown[] };
  delete thread.properties.title;
  thread.anyOf = [{ $ref: '#/components/schemas/Thread' }];
  const findings = compareDocuments(ours, theirs as unknown as Node)
    .filter(differing)
    .map(key);
  expect(findings).toContain(
    'contradicts field GET /v1/threads/{thread_id} | 200 body /title | #/components/schemas/Thread/properties/title',
  );
});

test.describe('first contact', () => {
  test('asks below BASE_URL and at the root of its host, OPENAPI_PATH first, on the API origin only', () => {
    const target = targetFromEnv({
      BASE_URL: 'https://api.example.test/agents',
      API_KEY: 'k',
      OPENAPI_PATH: '/docs.json',
    });
    expect(openApiAddresses(target)).toEqual([
      'https://api.example.test/agents/docs.json',
      'https://api.example.test/docs.json',
      'https://api.example.test/agents/openapi.json',
      'https://api.example.test/openapi.json',
    ]);
    expect(() => targetFromEnv({ BASE_URL: 'https://a.test', API_KEY: 'k', OPENAPI_PATH: 'https://b.test/x' })).toThrow(
      /Expected OPENAPI_PATH to be a path on the API/,
    );
  });

  test('against an API that serves a document differing in a status and a field, the ledger and the closing lines name both', async () => {
    const api = await startServingApi(await differingDocument());
    try {
      const target = targetFromEnv({ BASE_URL: api.url, API_KEY: api.apiKey });
      const served = await firstContact(target);
      expect(served.served).toBe(true);
      expect(api.asked).toEqual([{ path: '/openapi.json', withKey: true }]);
      recordServedOpenApi(served);
      const dir = process.env.REPORT_DIR ?? '';
      const ledger = writeLedger([], { mode: 'live', baseURL: api.url }, dir);
      const md = readFileSync(join(dir, 'assumptions.md'), 'utf8');
      const html = readFileSync(join(dir, 'assumptions.html'), 'utf8');
      const json = JSON.parse(readFileSync(join(dir, 'assumptions.json'), 'utf8')) as { served?: unknown };
      expect(json.served, 'assumptions.json carries the comparison').toEqual(served);
      for (const statement of [
        // The status: ours assumes 204 (x-assumed on the response); theirs lists 202 instead.
        '#/paths/~1v1~1threads~1{thread_id}/delete/responses/204',
        // The field: Thread.title, which theirs does not name.
        '#/components/schemas/Thread/properties/title',
      ]) {
        expect(md, statement).toContain(`\`${statement}\``);
        expect(html, statement).toContain(statement);
      }
      expect(md).toContain('DELETE /v1/threads/{thread_id} (deleteThread), response 204: Their document lists no 204.');
      expect(md).toContain(
        'DELETE /v1/threads/{thread_id} (deleteThread), response 202: Their document lists 202; ours does not.',
      );
      expect(md).toContain(
        'GET /v1/threads/{thread_id} (getThread), 200 body /title: Their document does not name this field.',
      );
      const story = assumptionStory(ledger, { strict: false, ledgerPath: join(dir, 'assumptions.html') });
      // What first contact found is said when the run begins (global setup); the run ends with how to align.
      expect(story.filter((l) => l.startsWith('To bring contracts/openapi.yaml in line with it'))).toEqual([
        `To bring contracts/openapi.yaml in line with it: edit the 3 statement(s) that ${join(dir, 'assumptions.md')} lists under "The API's own OpenAPI document" (each by its JSON pointer, with what their document says), keep x-source or x-assumed on each, then npm run generate.`,
      ]);
    } finally {
      await api.close();
    }
  });

  test('against an API that serves none, one line says so', async () => {
    const api = await startServingApi();
    try {
      const served = await firstContact(targetFromEnv({ BASE_URL: api.url, API_KEY: api.apiKey }));
      expect(served.served).toBe(false);
      const line = firstContactLine(served);
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toBe(
        `The API serves no OpenAPI document (GET ${api.url}/openapi.json: 404); the contract's statements stay as the docs pages give them.`,
      );
      // OPENAPI_PATH (--openapi-path) is asked first, then /openapi.json; the line names both.
      const elsewhere = await firstContact(
        targetFromEnv({ BASE_URL: api.url, API_KEY: api.apiKey, OPENAPI_PATH: '/docs/openapi.json' }),
      );
      expect(firstContactLine(elsewhere)).toBe(
        `The API serves no OpenAPI document (GET ${api.url}/docs/openapi.json: 404; GET ${api.url}/openapi.json: 404); the contract's statements stay as the docs pages give them.`,
      );
    } finally {
      await api.close();
    }
  });
});
