export { DEMO_DIRECTORY, DEMO_ONCALL, demoNameOf } from './company';
