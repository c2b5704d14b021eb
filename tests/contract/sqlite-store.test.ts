import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { storeContract } from './store-contract.js';

storeContract('sqlite in memory', () => createSqliteStore(':memory:'));
