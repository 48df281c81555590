import { bandOf, conditionBandsProblem, DEFAULT_CONDITION_BANDS, FHWA_CONDITION_BANDS } from './condition-bands';

describe(bandOf.name, () => {
  it('should band by IRI with RoadLab Pro thresholds, lower bounds inclusive', () => {
    const cases: [number, string][] = [
      [0, 'bueno'],
      [1.99, 'bueno'],
      [2, 'regular'],
      [3.9, 'regular'],
      [4, 'malo'],
      [6, 'muy_malo'],
      [30, 'muy_malo'],
    ];
    for (const [iri, band] of cases) expect(bandOf(DEFAULT_CONDITION_BANDS, iri, null)).toBe(band);
  });

  it('should prefer IRI over PCI, and band a PCI-only survey by ASTM D6433 categories', () => {
    expect(bandOf(DEFAULT_CONDITION_BANDS, 1, 10)).toBe('bueno');
    const cases: [number, string][] = [
      [100, 'bueno'],
      [71, 'bueno'],
      [70, 'regular'],
      [56, 'regular'],
      [55, 'malo'],
      [41, 'malo'],
      [40, 'muy_malo'],
      [0, 'muy_malo'],
    ];
    for (const [pci, band] of cases) expect(bandOf(DEFAULT_CONDITION_BANDS, null, pci)).toBe(band);
    expect(bandOf(DEFAULT_CONDITION_BANDS, null, null)).toBeNull();
  });
});

describe(conditionBandsProblem.name, () => {
  it('should accept the default and the FHWA bands', () => {
    expect(conditionBandsProblem(DEFAULT_CONDITION_BANDS)).toBeUndefined();
    expect(conditionBandsProblem(FHWA_CONDITION_BANDS)).toBeUndefined();
  });

  it.each([
    ['not a list', 'x', 'JSON list'],
    ['one band', [{ banda: 'a' }], 'at least two'],
    ['bad name', [{ banda: 'Bueno', iri_max: 2, pci_min: 50 }, { banda: 'b' }], 'lower-case'],
    ['duplicate', [{ banda: 'a', iri_max: 2, pci_min: 50 }, { banda: 'a' }], 'twice'],
    [
      'bounded last',
      [
        { banda: 'a', iri_max: 2, pci_min: 50 },
        { banda: 'b', iri_max: 4 },
      ],
      'open-ended',
    ],
    ['missing iri_max', [{ banda: 'a', pci_min: 50 }, { banda: 'b' }], 'iri_max'],
    ['missing pci_min', [{ banda: 'a', iri_max: 2 }, { banda: 'b' }], 'pci_min'],
    [
      'not increasing',
      [{ banda: 'a', iri_max: 4, pci_min: 70 }, { banda: 'b', iri_max: 2, pci_min: 50 }, { banda: 'c' }],
      'increase',
    ],
    ['unknown field', [{ banda: 'a', iri_max: 2, pci_min: 50, color: 'red' }, { banda: 'b' }], 'unknown field'],
  ])('should refuse %s', (_name, bands, message) => {
    expect(conditionBandsProblem(bands)).toContain(message);
  });
});
