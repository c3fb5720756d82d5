import * as packageJson from '../../package.json';
import { FRONTEND_VERSION } from '../version';

describe('FRONTEND_VERSION', () => {
  it("is the package's own version", () => {
    expect(FRONTEND_VERSION).toBe(packageJson.version);
  });
});
