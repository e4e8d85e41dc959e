// Length units of imported files: STEP unit entities and contexts, the IGES global section, and the
// decision which unit a file's numbers are taken in. Real files first, then the corner cases.
import { describe, expect, it } from 'vitest';
import { parseIgesGlobal, igesUnit, splitIgesGlobal } from '../../electron/domains/import/iges.js';
import { decodeStepString, parseEntity, resolveUnits, StepScanner } from '../../electron/domains/import/step.js';
import { decideUnits, lengthUnitFromMm } from '../../electron/domains/import/units.js';
import { readFixture } from '../fixtures/cad/corrupt.js';

function scan(text: string | Buffer) {
  const s = new StepScanner();
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  // odd chunk sizes: statements, strings and comments cross chunk boundaries
  for (let i = 0; i < bytes.length; i += 997) s.push(bytes.subarray(i, i + 997));
  return s.finish();
}

const step = (data: string) =>
  `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('x','',(''),(''),'pre','sys','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;

describe('STEP length units', () => {
  it.each([
    ['screw.step', 'mm'],
    ['as1-ug-214.stp', 'mm'],
    ['base_interface_AP203.STEP', 'in'], // SolidWorks: INCH as 0.0254 × METRE
    ['base_interface_AP214.STEP', 'in'],
    ['c2-ug-214-surface-inch.stp', 'in'], // Unigraphics: INCH as 25.4 × MILLI METRE
    ['catia-cube-tessellated-ap242.stp', 'mm'],
    ['rhino-wireframe-only.stp', 'm'],
  ])('%s declares %s', (name, unit) => {
    const facts = scan(readFixture(name));
    expect(facts.problems).toEqual([]);
    expect(facts.units.map((u) => u.unit)).toEqual([unit]);
  });

  it('reads the schema and the exporting system from the header', () => {
    expect(scan(readFixture('base_interface_AP203.STEP'))).toMatchObject({ protocol: 'AP203', originatingSystem: 'SolidWorks 2018' });
    expect(scan(readFixture('as1-ug-214.stp'))).toMatchObject({
      protocol: 'AP214',
      originatingSystem: 'UNIGRAPHICS SOLUTIONS - UNIGRAPHICS 18.0',
    });
    expect(scan(readFixture('catia-cube-tessellated-ap242.stp'))).toMatchObject({ protocol: 'AP242', shapes: { tessellated: 7 } });
  });

  it('computes a conversion-based unit from its measure, whatever its name', () => {
    const u = (data: string) => scan(step(data)).units;
    const ctx = (refs: string) =>
      `#1=(GEOMETRIC_REPRESENTATION_CONTEXT(3)GLOBAL_UNIT_ASSIGNED_CONTEXT((${refs}))REPRESENTATION_CONTEXT('',''));`;
    expect(u(`${ctx('#2')}\n#2=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.CENTI.,.METRE.));`)).toEqual([{ unit: 'cm', mm: 10 }]);
    expect(u(`${ctx('#2')}\n#2=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MICRO.,.METRE.));`)).toEqual([{ unit: 'um', mm: 0.001 }]);
    expect(
      u(
        `${ctx('#5,#2')}\n#5=(NAMED_UNIT(*)PLANE_ANGLE_UNIT()SI_UNIT($,.RADIAN.));\n#2=(CONVERSION_BASED_UNIT('FOOT',#3)LENGTH_UNIT()NAMED_UNIT(#4));\n#3=LENGTH_MEASURE_WITH_UNIT(LENGTH_MEASURE(304.8),#6);\n#4=DIMENSIONAL_EXPONENTS(1.,0.,0.,0.,0.,0.,0.);\n#6=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));`,
      ),
    ).toEqual([{ unit: 'ft', mm: 304.8 }]);
    // an unusual name: the measure decides (2 inches)
    expect(
      u(
        `${ctx('#2')}\n#2=(CONVERSION_BASED_UNIT('DOUBLE INCH',#3)LENGTH_UNIT()NAMED_UNIT(#4));\n#3=LENGTH_MEASURE_WITH_UNIT(LENGTH_MEASURE(50.8),#6);\n#4=DIMENSIONAL_EXPONENTS(1.,0.,0.,0.,0.,0.,0.);\n#6=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));`,
      ),
    ).toEqual([{ unit: '50.8 mm', mm: 50.8 }]);
    // two contexts in two units: both are reported
    expect(
      u(
        `${ctx('#2')}\n#7=(GEOMETRIC_REPRESENTATION_CONTEXT(3)GLOBAL_UNIT_ASSIGNED_CONTEXT((#8))REPRESENTATION_CONTEXT('',''));\n#2=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));\n#8=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT($,.METRE.));`,
      )
        .map((x) => x.unit)
        .sort(),
    ).toEqual(['m', 'mm']);
    // no context at all
    expect(u(`#2=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));`)).toEqual([]);
  });

  it('parses entity parameters: strings with escapes, enums, typed values, nested lists', () => {
    expect(parseEntity(`PRODUCT('it''s','\\X2\\00C70131\\X0\\','',(#3))`)).toEqual([
      {
        name: 'PRODUCT',
        v: [
          { t: 'str', v: "it's" },
          { t: 'str', v: 'Çı' },
          { t: 'str', v: '' },
          { t: 'list', v: [{ t: 'ref', v: 3 }] },
        ],
      },
    ]);
    expect(parseEntity('(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.))')?.map((p) => p.name)).toEqual([
      'LENGTH_UNIT',
      'NAMED_UNIT',
      'SI_UNIT',
    ]);
    expect(parseEntity('LENGTH_MEASURE_WITH_UNIT(LENGTH_MEASURE(2.54E1),#9)')?.[0]?.v[0]).toEqual({
      t: 'typed',
      name: 'LENGTH_MEASURE',
      v: [{ t: 'num', v: 25.4 }],
    });
    expect(parseEntity('BROKEN(#1,')).toBeNull();
    expect(decodeStepString('\\X\\E7a\\S\\a')).toBe('çaá');
    expect(resolveUnits(new Map([[1, 'garbage (((']]))).toEqual([]);
  });
});

describe('STEP products and colours', () => {
  it('names the parts of the as1 assembly and their colours', () => {
    const products = scan(readFixture('as1-ug-214.stp')).products;
    const byName = Object.fromEntries(products.map((p) => [p.name, p.colour]));
    expect(byName).toMatchObject({ plate: '#0000ff', l_bracket: '#00ff00', bolt: '#ff0000', nut: '#00ff00', rod: '#ff0000' });
  });

  it('keeps a colour-less product colour-less', () => {
    expect(scan(readFixture('screw.step')).products).toEqual([{ name: 'the product name', colour: null }]);
  });
});

describe('IGES global section', () => {
  it.each([
    ['cone-ideas-solid.igs', 2, 'mm'],
    ['cylinder-catia-faces.igs', 2, 'mm'],
  ])('%s: unit flag %d = %s', (name, flag, unit) => {
    const text = readFixture(name).toString('latin1');
    const g = parseIgesGlobal(
      text
        .split('\n')
        .filter((l) => l[72] === 'G')
        .map((l) => l.slice(0, 72))
        .join(''),
    );
    expect(g.unitFlag).toBe(flag);
    expect(igesUnit(g)?.unit).toBe(unit);
  });

  it('reads Hollerith strings, custom delimiters and named units', () => {
    expect(splitIgesGlobal('1H,,1H;,4HSHIP,8HPART.IGS;').slice(0, 4)).toEqual([',', ';', 'SHIP', 'PART.IGS']);
    expect(splitIgesGlobal('1H//1H#/3HA,B/2HX;#').slice(0, 4)).toEqual(['/', '#', 'A,B', 'X;']);
    const g = (flag: string, name: string) => igesUnit(parseIgesGlobal(`1H,,1H;,,,,,32,38,6,308,15,,1.0,${flag},${name},1,0.01;`));
    expect(g('1', '2HIN')?.unit).toBe('in');
    expect(g('6', '1HM')?.unit).toBe('m');
    expect(g('10', '2HCM')?.unit).toBe('cm');
    expect(g('3', '4HINCH')?.unit).toBe('in');
    expect(g('0', '2HMM')?.unit).toBe('mm'); // OpenCASCADE falls back to the name
    expect(g('0', '')).toBeNull(); // … and to IGES's default (inch) without one
    expect(g('99', '')).toBeNull();
  });
});

describe('which unit a file is read in', () => {
  const inch = lengthUnitFromMm(25.4);
  it('names units by size', () => {
    expect(lengthUnitFromMm(25.4000000001)).toEqual({ unit: 'in', mm: 25.4 });
    expect(lengthUnitFromMm(1000).unit).toBe('m');
    expect(lengthUnitFromMm(3).unit).toBe('3 mm');
  });

  it('STEP and IGES: the file says; the user may override (noted)', () => {
    expect(decideUnits('step', { declared: [inch] }, 'auto')).toMatchObject({
      detected: 'in',
      used: 'in',
      source: 'file',
      readerUnitMm: 25.4,
      userUnitMm: null,
      assumed: null,
    });
    const over = decideUnits('step', { declared: [inch] }, 'mm');
    expect(over).toMatchObject({ used: 'mm', source: 'user', readerUnitMm: 25.4, userUnitMm: 1 });
    expect(over.notes.map((n) => n.en).join()).toMatch(/says in; mm was used/);
  });

  it('files that should say and do not: the reader default applies, with UNITS_ASSUMED', () => {
    const d = decideUnits('iges', { declared: [], fallback: inch, fallbackReason: 'no flag' }, 'auto');
    expect(d).toMatchObject({
      detected: null,
      used: 'in',
      source: 'default',
      readerUnitMm: 25.4,
      assumed: { unit: 'in', reason: 'no flag' },
    });
    expect(decideUnits('iges', { declared: [], fallback: inch }, 'mm').assumed).toBeNull();
  });

  it('meshes are unitless: the user decides, or the worker guesses from the size', () => {
    expect(decideUnits('stl', { declared: [] }, 'auto')).toMatchObject({ detected: null, used: null, source: null, userUnitMm: null });
    expect(decideUnits('obj', { declared: [] }, 'in')).toMatchObject({ used: 'in', source: 'user', userUnitMm: 25.4 });
    expect(decideUnits('brep', { declared: [] }, 'auto')).toMatchObject({ used: 'mm', source: 'convention' });
    expect(decideUnits('fcstd', { declared: [] }, 'auto')).toMatchObject({ detected: 'mm', used: 'mm', source: 'file' });
  });
});
