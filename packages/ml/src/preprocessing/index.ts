export { StandardScaler, type StandardScalerOptions } from './standard-scaler.js';
