import { createRoot } from 'react-dom/client';
import './index.css';

function App() {
  return <div className="p-6 font-sans">Cowshed</div>;
}

createRoot(document.getElementById('root')!).render(<App />);
