// An answer's meta_data must satisfy two schemas at once: the contract's RunMetaData (intent,
// legal_advice, type) and the assistant's own meta_data_response_schema from the config. The
// plan is worked out once per assistant at start-up, so that a schema the mock cannot satisfy
// stops it with a message instead of producing invalid answers under load.

/** What the answer knows; the plan shapes it into the assistant's schema. */
export interface MetaDataFacts {
  intent: string;
  legal_advice: boolean;
  type: string;
}

/** Builds the meta_data of one answer. */
export type MetaDataPlan = (facts: MetaDataFacts) => Record<string, unknown>;

/** The assistant's schema asks for something the mock cannot produce. */
export class MetaDataSchemaError extends Error {
  override name = 'MetaDataSchemaError';
}

type Schema = Record<string, unknown>;
type Kind = 'string' | 'boolean' | 'integer' | 'number' | 'null' | 'object' | 'array';

const FACT_KINDS: Record<keyof MetaDataFacts, Kind> = { intent: 'string', legal_advice: 'boolean', type: 'string' };

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindsOf(schema: Schema): Kind[] | undefined {
  const type = schema.type;
  if (type === undefined) return undefined;
  return (Array.isArray(type) ? type : [type]).filter((t): t is Kind => typeof t === 'string');
}

/** A fixed value for a required property the facts do not cover: its const, first enum, or a zero. */
function filler(name: string, schema: Schema): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const kind = kindsOf(schema)?.[0];
  switch (kind) {
    case 'string':
      return 'mock';
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 0;
    case 'null':
      return null;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      throw new MetaDataSchemaError(
        `Expected property "${name}" to declare a type, const or enum. Got ${JSON.stringify(schema)}. Give it one in meta_data_response_schema.`,
      );
  }
}

function factValue(name: keyof MetaDataFacts, schema: Schema | undefined): (facts: MetaDataFacts) => unknown {
  if (schema === undefined) return (facts) => facts[name];
  const allowed = kindsOf(schema);
  const kind = FACT_KINDS[name];
  if (allowed && !allowed.includes(kind)) {
    throw new MetaDataSchemaError(
      `Expected property "${name}" to accept a ${kind}: the contract's RunMetaData requires it. Got type ${JSON.stringify(schema.type)}. Fix meta_data_response_schema.`,
    );
  }
  if ('const' in schema) {
    if (typeof schema.const !== kind)
      throw new MetaDataSchemaError(
        `Expected the const of "${name}" to be a ${kind}. Got ${JSON.stringify(schema.const)}.`,
      );
    return () => schema.const;
  }
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((v) => typeof v === kind);
    const first = options[0];
    if (first === undefined)
      throw new MetaDataSchemaError(
        `Expected the enum of "${name}" to hold a ${kind}. Got ${JSON.stringify(schema.enum)}.`,
      );
    return (facts) => (options.includes(facts[name]) ? facts[name] : first);
  }
  return (facts) => facts[name];
}

/** Works out, once, how to fill an assistant's meta_data_response_schema. */
export function metaDataPlan(schema: unknown): MetaDataPlan {
  if (!isSchema(schema))
    throw new MetaDataSchemaError(
      `Expected meta_data_response_schema to be a JSON Schema object. Got ${JSON.stringify(schema)}.`,
    );
  const kinds = kindsOf(schema);
  if (kinds && !kinds.includes('object'))
    throw new MetaDataSchemaError(
      `Expected meta_data_response_schema to describe an object. Got type ${JSON.stringify(schema.type)}.`,
    );
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const closed = schema.additionalProperties === false;
  const steps: Array<[string, (facts: MetaDataFacts) => unknown]> = [];
  for (const name of Object.keys(FACT_KINDS) as Array<keyof MetaDataFacts>) {
    const property = properties[name];
    if (closed && property === undefined) {
      throw new MetaDataSchemaError(
        `Expected meta_data_response_schema to allow "${name}": the contract's RunMetaData requires it, but additionalProperties is false. Add the property.`,
      );
    }
    steps.push([name, factValue(name, isSchema(property) ? property : undefined)]);
  }
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === 'string')
    : [];
  for (const name of required) {
    if (name in FACT_KINDS) continue;
    const property = properties[name];
    const value = filler(name, isSchema(property) ? property : {});
    steps.push([name, () => value]);
  }
  return (facts) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of steps) out[name] = value(facts);
    return out;
  };
}
