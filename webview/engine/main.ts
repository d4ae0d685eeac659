// Engine view entry: connects the view to the extension host and starts it.
import './style.css';
import type { EngineHostMessage, EngineViewMessage } from '../../server/contract/engine-view';
import { startView } from '../shared/host';
import { EngineApp } from './app';

startView<EngineHostMessage, EngineViewMessage>('engine', (root, post) => new EngineApp(root, post), {
  type: 'engine/ready',
});
