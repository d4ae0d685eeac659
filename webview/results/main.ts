// Results view entry: connects the view to the extension host and starts it.
import './style.css';
import type { ResultsHostMessage, ResultsViewMessage } from '../../server/contract/results-view';
import { startView } from '../shared/host';
import { ResultsApp } from './app';

startView<ResultsHostMessage, ResultsViewMessage>('results', (root, post) => new ResultsApp(root, post), {
  type: 'results/ready',
});
