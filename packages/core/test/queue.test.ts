import { createQueue } from '../src/queue/index.js';
import { queueContract } from './queue-contract.js';
import { testCatalogue } from './queue-test-catalogue.js';

queueContract({
  name: 'in-process',
  open: () => createQueue({ catalogue: testCatalogue }),
});
