// Stub of `k6/metrics`. Like k6, it refuses a metric declared outside the init context and a name
// k6 would refuse, so those script bugs fail here too.
import { emit, k6stub } from './state.ts';

type Kind = 'counter' | 'gauge' | 'rate' | 'trend';

abstract class StubMetric {
  readonly name: string;

  constructor(name: string, kind: Kind) {
    if (k6stub.phase !== 'init') throw new Error(`metric ${name}: metrics must be declared in the init context`);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/.test(name)) throw new Error(`invalid metric name ${name}`);
    const known = k6stub.metricTypes.get(name);
    if (known !== undefined && known !== kind) throw new Error(`metric ${name} is already a ${known}`);
    k6stub.metricTypes.set(name, kind);
    this.name = name;
  }

  add(value: number | boolean, tags: Record<string, string> = {}): void {
    if (k6stub.phase === 'init') throw new Error(`metric ${this.name}: add() is not allowed in the init context`);
    emit(this.name, typeof value === 'boolean' ? (value ? 1 : 0) : value, tags);
  }
}

export class Counter extends StubMetric {
  constructor(name: string, _isTime?: boolean) {
    super(name, 'counter');
  }
}

export class Gauge extends StubMetric {
  constructor(name: string, _isTime?: boolean) {
    super(name, 'gauge');
  }
}

export class Rate extends StubMetric {
  constructor(name: string, _isTime?: boolean) {
    super(name, 'rate');
  }
}

export class Trend extends StubMetric {
  constructor(name: string, _isTime?: boolean) {
    super(name, 'trend');
  }
}

export default { Counter, Gauge, Rate, Trend };
