import { buildFilm } from '../../../test/support/factories.js';

/** A small catalog with a film series, a director's other film, a duplicate row, a film without synopsis. */
export function smallCatalog() {
  return [
    buildFilm({
      title: 'Miracle in Cell No. 7',
      year: 2013,
      synopsis:
        'A mentally disabled father is wrongly convicted of murder and sent to prison, where his cellmates smuggle his young daughter into the cell before his trial. Years later, the grown daughter argues his case again in a mock trial.',
      directors: ['Lee Hwan-kyung'],
      cast: ['Ryu Seung-ryong', 'Park Shin-hye'],
      genres: ['Drama'],
      categories: ['Korean Movies'],
    }),
    buildFilm({
      title: 'Champ',
      year: 2011,
      synopsis: 'A jockey who is losing his sight trains a lame racehorse for one last race.',
      directors: ['Lee Hwan-kyung'],
      cast: ['Cha Tae-hyun'],
      genres: ['Drama'],
      categories: ['Korean Movies'],
    }),
    buildFilm({
      title: 'Seven Years of Night',
      year: 2018,
      synopsis:
        'A prison guard raises the daughter of a convicted murderer; years later the trial and the prison cell haunt them both.',
      cast: ['Ryu Seung-ryong'],
      genres: ['Thriller'],
      categories: ['Korean Movies'],
    }),
    buildFilm({
      title: 'A Quiet Place',
      year: 2018,
      synopsis: 'A family lives in silence on a farm, hiding from creatures that hunt by sound.',
      genres: ['Horror'],
    }),
    buildFilm({
      title: 'Rocky',
      year: 1976,
      synopsis:
        'A small-time boxer from Philadelphia gets a shot at the heavyweight championship against Apollo Creed.',
      directors: ['John G. Avildsen'],
      cast: ['Sylvester Stallone', 'Talia Shire'],
      genres: ['Sports'],
    }),
    buildFilm({
      title: 'Rocky II',
      year: 1979,
      synopsis: 'Rocky Balboa marries Adrian and agrees to a rematch with the boxing champion Apollo Creed.',
      directors: ['Sylvester Stallone'],
      cast: ['Sylvester Stallone', 'Talia Shire'],
      genres: ['Sports'],
    }),
    // The same film listed twice by a source: same title and year, another source id.
    buildFilm({
      title: 'Rocky',
      year: 1976,
      synopsis:
        'A small-time boxer from Philadelphia gets a shot at the heavyweight championship against Apollo Creed.',
      cast: ['Sylvester Stallone'],
      genres: ['Sports'],
    }),
    buildFilm({
      title: 'Raging Bull',
      year: 1980,
      synopsis: 'The life of the middleweight boxer Jake LaMotta, whose temper destroys his family.',
      cast: ['Robert De Niro'],
      genres: ['Sports'],
    }),
    buildFilm({
      title: 'High Noon',
      year: 1952,
      synopsis: 'A town marshal must face a gang of killers alone.',
      genres: ['Western'],
    }),
    buildFilm({
      title: 'Shane',
      year: 1953,
      synopsis: 'A gunfighter helps a homesteader family in Wyoming.',
      genres: ['Western'],
    }),
    buildFilm({ title: 'Dust Trail', year: 1951, synopsis: '', cast: [], genres: ['Western'] }),
    buildFilm({
      title: 'The Cooking Show',
      year: 2005,
      synopsis: 'A chef competes in a televised cooking contest in Paris.',
      genres: ['Comedy'],
    }),
  ];
}
