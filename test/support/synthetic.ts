// Seeded synthetic data, shared with the demo (one generator for both).
export { uniform, normal, synthetic } from '../../src/demo/synthetic.ts';
