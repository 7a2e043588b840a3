import nock from 'nock';
import axios from 'axios';

// Look-alike that stays quiet: the https call below is intercepted by nock, set up in a hook.
describe('geocode', () => {
  beforeEach(() => {
    nock('https://geocoding.example.org').get('/search').query(true).reply(200, [{ lat: 52.5, lon: 13.4 }]);
  });

  afterEach(() => {
    nock.cleanAll();
  });

  it('resolves a city', async () => {
    const { data } = await axios.get('https://geocoding.example.org/search?q=Berlin');
    expect(data[0].lat).toBe(52.5);
  });
});
