// The two fixed tenants, their API keys and their assistants. Assistants are read-only in
// the API (only list/get are documented), so they live in a constant catalog, not a store.

export interface Tenant {
  id: string;
  name: string;
  apiKey: string;
  apiKeyId: string;
  keyCreatedAt: string;
}

export interface Assistant {
  id: string;
  tenantId: string;
  name: string;
  streaming: boolean;
  requestRequiredFields: Record<string, string[]>;
  metaDataResponseSchema: Record<string, unknown>;
}

export const TENANT_A: Tenant = {
  id: '3f0c9a52-6d1e-4b7a-9c2e-0000000000a1',
  name: 'Judge Tenant A',
  apiKey: 'judge-key-a',
  apiKeyId: 'c3d4e5f6-7890-4bcd-8f01-0000000000a1',
  keyCreatedAt: '2025-01-15T10:30:00.000000Z',
};
export const TENANT_B: Tenant = {
  id: '3f0c9a52-6d1e-4b7a-9c2e-0000000000b2',
  name: 'Judge Tenant B',
  apiKey: 'judge-key-b',
  apiKeyId: 'c3d4e5f6-7890-4bcd-8f01-0000000000b2',
  keyCreatedAt: '2025-01-15T10:30:00.000000Z',
};
export const TENANTS: readonly Tenant[] = [TENANT_A, TENANT_B];

// Shaped like the documented LgAgentMetaDataModel, but with a coherent `type` property:
// the documented example has const "lgagentmetadatamodel" and enum ["53aa66b7-…"] at once,
// which no value can satisfy, while the documented run answer carries the enum value.
function metaSchema(typeId: string): Record<string, unknown> {
  return {
    properties: {
      type: { const: typeId, default: typeId, enum: [typeId], title: 'Type', type: 'string' },
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

// Tenant A lists (1) a streaming assistant without required request fields, carrying the docs'
// example id so copied examples work, then (2) a non-streaming one that requires user_data.licence.
export const ASSISTANTS: readonly Assistant[] = [
  {
    id: 'a1b2c3d4-5678-9abc-def0-1234567890ab',
    tenantId: TENANT_A.id,
    name: 'Haufe Copilot Tax',
    streaming: true,
    requestRequiredFields: {},
    metaDataResponseSchema: metaSchema('53aa66b7-b874-407f-967c-3a959c919d62'),
  },
  {
    id: 'a1b2c3d4-5678-4abc-8ef0-0000000000a2',
    tenantId: TENANT_A.id,
    name: 'Haufe Copilot HR',
    streaming: false,
    requestRequiredFields: { __root__: ['user_data'], user_data: ['licence'] },
    metaDataResponseSchema: metaSchema('6b1f0c2e-3d4a-4e5b-8c6d-7e8f9a0b1c2d'),
  },
  {
    id: 'b1b2c3d4-5678-4abc-8ef0-0000000000b1',
    tenantId: TENANT_B.id,
    name: 'Haufe Copilot Sustainability',
    streaming: true,
    requestRequiredFields: {},
    metaDataResponseSchema: metaSchema('53aa66b7-b874-407f-967c-3a959c919d62'),
  },
];

export const tenantByKey = (key: string | undefined): Tenant | undefined => TENANTS.find((t) => t.apiKey === key);
export const assistantById = (id: string): Assistant | undefined => ASSISTANTS.find((a) => a.id === id);

/** The documented assistant body; key order as on the page. */
export function assistantView(a: Assistant): Record<string, unknown> {
  return {
    id: a.id,
    meta_data_response_schema: a.metaDataResponseSchema,
    name: a.name,
    request_required_fields: a.requestRequiredFields,
    streaming: a.streaming,
  };
}

/** Negative feedback reasons (GET /v1/feedback/negative/reasons); the same for all tenants. */
export const NEGATIVE_REASONS = [
  {
    description: 'Die Antwort enthielt sachlich falsche oder veraltete Informationen.',
    id: 'd4e5f6a7-8901-bcde-f012-456789012345',
    reason: 'Falsche Information',
  },
  {
    description: 'Die Antwort ging nicht auf die gestellte Frage ein.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012346',
    reason: 'Frage nicht beantwortet',
  },
  {
    description: 'Die Antwort war unvollständig oder zu oberflächlich.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012347',
    reason: 'Unvollständige Antwort',
  },
  {
    description: 'Die angegebenen Quellen waren unpassend oder fehlten.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012348',
    reason: 'Fehlende oder falsche Quellen',
  },
] as const;
