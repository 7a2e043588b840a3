/** The package version, read at build time so the bundle does not need package.json at run time. */
import pkg from '../../package.json';

export const VERSION: string = pkg.version;
