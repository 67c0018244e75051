// Set-up of each jest-light-runner worker (jest.config.js), before anything else: the runner imports test files
// with Node's own loaders, so TypeScript gets tsx's loaders, for modules loaded by `import` and by `require`.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerModules } from 'tsx/esm/api';

registerModules();
registerCommonJs();
