import { registerModuleErrors } from '../src/modules/errors.ts';

// As registry.ts does for the app: a unit test that throws a module's AppError without
// building the app still finds the code in the catalogue.
registerModuleErrors();
