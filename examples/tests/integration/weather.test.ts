import axios from 'axios';
import { app } from '../../src/app';
import request from 'supertest';

// Intended finding: retry-band-aid (info) — every test in this file is retried up to three times.
jest.retryTimes(3);

describe('weather', () => {
  it('reads the forecast from the provider', async () => {
    // Intended finding: real-network — the provider's uptime and rate limits now decide this test.
    const { data } = await axios.get('https://api.open-meteo.com/v1/forecast?latitude=52.5&longitude=13.4');
    await request(app).put('/api/forecast').send(data).expect(204);
  });

  // Look-alikes that stay quiet: loopback hosts, relative URLs and supertest through the app.
  it('serves the cached forecast', async () => {
    await request(app).get('/api/forecast').expect(200);
    const local = await fetch('http://localhost:3000/api/forecast');
    expect(local.status).toBe(200);
    await axios.get('http://127.0.0.1:3000/health');
  });
});
