import './components/shoal-app.js';
