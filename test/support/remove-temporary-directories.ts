import { afterAll } from 'vitest';
import { removeTemporaryDirectories } from './temporary-store.js';

// Registered for every test file: captures and stores made in temporary directories go with it.
afterAll(removeTemporaryDirectories);
