// Prints a simulated weekday's 12345 figures (docs/simulation.md quotes them).
//   npx tsx mocks/sim/measure-tickets.ts [seed …]        Thursday 20 November 2025
//   DAY=2025-11-17 npx tsx mocks/sim/measure-tickets.ts 1 2 3
import { createCity } from './city';
import { loadGeo } from './load-geo-node';
import { describeDay, simulatedDay } from './ticket-figures';

const seeds = process.argv.slice(2).map(Number);
const date = process.env.DAY ?? '2025-11-20';
const dayStart = Date.parse(`${date}T00:00:00+08:00`);
const geo = loadGeo();
for (const seed of seeds.length > 0 ? seeds : [1]) {
  const city = createCity({ seed, scale: 1, geo });
  console.log(`\nseed ${seed}, ${date}`);
  console.log(describeDay(simulatedDay(city, dayStart)));
}
