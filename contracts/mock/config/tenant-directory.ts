// Keys to tenants, and per tenant its assistants with what a run needs of them. Built once:
// the hot path is two Map look-ups.
import type { components } from '../../generated/api.ts';
import { type MetaDataPlan, MetaDataSchemaError, metaDataPlan } from '../answer/meta-data.ts';
import { type MockConfig, MockConfigError } from './mock-config.ts';

type Assistant = components['schemas']['Assistant'];

/** An assistant as the mock uses it: the public object, and its meta_data plan. */
export interface MockAssistant {
  public: Assistant;
  metaData: MetaDataPlan;
}

/** One tenant at run time. */
export interface Tenant {
  id: string;
  keys: readonly string[];
  /** The public objects, in config order (the first is listed first). */
  assistants: readonly Assistant[];
  assistant(id: string): MockAssistant | undefined;
}

/** Uuids compare case-insensitively and may carry a `urn:uuid:` prefix (the format allows both). */
export function canonicalUuid(id: string): string {
  const lower = id.toLowerCase();
  return lower.startsWith('urn:uuid:') ? lower.slice(9) : lower;
}

/** All tenants of a config, looked up by key. */
export class TenantDirectory {
  readonly tenants: readonly Tenant[];
  private readonly byKey = new Map<string, Tenant>();

  constructor(config: MockConfig, source = 'object') {
    this.tenants = config.tenants.map((t, ti) => {
      const assistants = new Map<string, MockAssistant>();
      t.assistants.forEach((a, ai) => {
        try {
          assistants.set(canonicalUuid(a.id), { public: a, metaData: metaDataPlan(a.meta_data_response_schema) });
        } catch (error) {
          if (!(error instanceof MetaDataSchemaError)) throw error;
          throw new MockConfigError(
            `Mock config ${source}: tenants[${ti}].assistants[${ai}].meta_data_response_schema: ${error.message} Fix the file, or omit --config to use the default.`,
          );
        }
      });
      const tenant: Tenant = {
        id: t.id,
        keys: t.keys,
        assistants: t.assistants,
        assistant: (id) => assistants.get(canonicalUuid(id)),
      };
      for (const key of t.keys) this.byKey.set(key, tenant);
      return tenant;
    });
  }

  /** The tenant of an api-key, if any. */
  tenantOf(key: string | undefined): Tenant | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }
}
