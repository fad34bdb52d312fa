// Seeded synthetic data, shared with the demo and the page (one generator for all).
export { uniform, normal, synthetic } from '../../apps/shared/synthetic.ts';
