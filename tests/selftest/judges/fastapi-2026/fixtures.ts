// The fixed world of the judge: two tenants, their API keys and assistants, and the
// negative-feedback reasons. Example values of the reference pages are reused where they fit.
import type { Json } from './errors.ts';

export interface Assistant {
  id: string;
  name: string;
  streaming: boolean;
  requestRequiredFields: Record<string, string[]>;
  metaType: string; // the value of meta_data.type this assistant answers with
  sourceTitle: string;
}

export interface Tenant {
  id: string;
  name: string;
  apiKeys: { api_key: string; id: string; created_at: string; last_updated_at: string }[];
  assistants: Assistant[];
}

// The documented schema declares `type` with const/default "lgagentmetadatamodel" but enum
// ["53aa66b7-…"], which no value can satisfy; ours keeps the same shape with one value throughout.
export function metaDataSchema(a: Assistant): Json {
  return {
    properties: {
      type: { const: a.metaType, default: a.metaType, enum: [a.metaType], title: 'Type', type: 'string' },
      legal_advice: {
        description: 'Indicates if the user query is a legal advice.',
        title: 'Is Legal Advice',
        type: 'boolean',
      },
      intent: { description: 'Intent of the user query.', title: 'Intent', type: 'string' },
    },
    required: ['legal_advice', 'intent'],
    title: 'LgAgentMetaDataModel',
    type: 'object',
  };
}

export const TENANTS: Tenant[] = [
  {
    id: 'abcd1234-ef56-7890-abcd-ef1234567890',
    name: 'Judge Tenant A',
    apiKeys: [
      {
        api_key: 'judge-key-a',
        id: 'c3d4e5f6-7890-abcd-ef01-345678901234',
        created_at: '2025-01-15T10:30:00.000000Z',
        last_updated_at: '2025-03-01T14:22:10.000000Z',
      },
    ],
    assistants: [
      {
        id: 'a1b2c3d4-5678-9abc-def0-1234567890ab',
        name: 'Haufe Copilot Tax',
        streaming: true,
        requestRequiredFields: {},
        metaType: '53aa66b7-b874-407f-967c-3a959c919d62',
        sourceTitle: 'Einkommensteuergesetz (EStG)',
      },
      {
        // The id of the Request Metadata Validation example, which requires user_data.licence.
        id: '00000000-0000-0000-0000-000000000200',
        name: 'Haufe Copilot HR',
        streaming: false,
        requestRequiredFields: { __root__: ['user_data'], user_data: ['licence'] },
        metaType: '7c0f3a52-1d4e-4b8a-9f61-2e5d8c7b4a10',
        sourceTitle: 'Bürgerliches Gesetzbuch (BGB)',
      },
    ],
  },
  {
    id: 'bcde2345-f067-4901-bcde-f23456789012',
    name: 'Judge Tenant B',
    apiKeys: [
      {
        api_key: 'judge-key-b',
        id: 'e6f7a8b9-2345-4f01-b456-890123456789',
        created_at: '2025-02-01T08:00:00.000000Z',
        last_updated_at: '2025-02-01T08:00:00.000000Z',
      },
    ],
    assistants: [
      {
        id: 'b2c3d4e5-6789-4abc-8def-234567890abc',
        name: 'Haufe Copilot Sustainability',
        streaming: true,
        requestRequiredFields: {},
        metaType: 'e2d4c6b8-0a1f-4c3e-9b57-6d8f0a2c4e61',
        sourceTitle: 'Corporate Sustainability Reporting Directive (CSRD)',
      },
    ],
  },
];

export function tenantByKey(key: string | undefined): Tenant | undefined {
  return key === undefined ? undefined : TENANTS.find((t) => t.apiKeys.some((k) => k.api_key === key));
}

export function assistantJson(a: Assistant): Json {
  return {
    id: a.id,
    meta_data_response_schema: metaDataSchema(a),
    name: a.name,
    request_required_fields: a.requestRequiredFields,
    streaming: a.streaming,
  };
}

export const NEGATIVE_REASONS = [
  {
    description: 'Die Antwort enthielt sachlich falsche oder veraltete Informationen.',
    id: 'd4e5f6a7-8901-bcde-f012-456789012345',
    reason: 'Falsche Information',
  },
  {
    description: 'Die Antwort ging nicht auf die gestellte Frage ein.',
    id: 'e5f6a7b8-9012-4cde-8123-567890123456',
    reason: 'Frage nicht beantwortet',
  },
  {
    description: 'Die Antwort war unvollständig oder zu allgemein.',
    id: 'f6a7b8c9-0123-4def-9234-678901234567',
    reason: 'Unvollständige Antwort',
  },
  {
    description: 'Die angegebenen Quellen passten nicht zur Antwort.',
    id: 'a7b8c9d0-1234-4ef0-a345-789012345678',
    reason: 'Unpassende Quellen',
  },
];

export const DELETED_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
