/**
 * Curated instrument universe: real US-listed large caps across all 11 GICS sectors plus the ETFs that
 * risk, benchmarks and backtests need (SPY is the default benchmark).
 *
 * AS OF: roughly mid-2025. Every figure here is an APPROXIMATE public fact written from general knowledge,
 * not pulled from a data vendor, and it is not kept up to date:
 *  - name, exchange (primary listing), sector and industry: GICS structure as revised in March 2023
 *    (e.g. Visa, Mastercard and ADP moved out of Information Technology; "Broadline Retail",
 *    "Consumer Staples Distribution & Retail", "Financial Services", "... REITs" industries).
 *  - shares_outstanding: approximate common shares in mid-2025. For companies with several share classes it
 *    is the total across classes (Alphabet A+B+C, Meta A+B, Nike A+B, UPS A+B), so that
 *    market_cap = price * shares_outstanding matches the company's market value as quote sites show it.
 *    Berkshire Hathaway (BRK.B) uses Class-B-equivalent shares (Class A counted as 1,500 B shares).
 *  - eps_ttm: diluted GAAP EPS of the latest reported fiscal year (mostly FY2024; FY2025 for companies whose
 *    fiscal year ended in H1 2025), in USD. It can be negative (INTC, BA, CCI reported losses); a consumer
 *    computing pe_ratio should return null when eps_ttm is null or <= 0.
 *  - ref_price: a plausible price level around mid-2025 (pre-split figures, e.g. NFLX before its late-2025
 *    10-for-1 split). It is a calibration anchor for the simulator, not a quote.
 *  - avg_volume: typical daily shares traded (order of magnitude, ~3-month average).
 *  - annual_vol, beta (to SPY), annual_drift: calibration inputs for the simulated provider, chosen to be
 *    plausible for the instrument (realised long-run vol / beta), drift kept modest (0.03-0.12).
 *
 * ETFs: asset_class 'etf', eps_ttm null (so pe_ratio is null) and shares_outstanding null (ETF units
 * outstanding change daily through creation/redemption, so no market_cap is derived for them).
 * Sector ETFs (the 11 Select Sector SPDRs) carry the GICS sector they track and industry 'Sector ETF'.
 * Broad equity ETFs use sector 'Diversified'. Three NON-GICS buckets exist so that risk can group every
 * instrument: 'Fixed Income' (TLT, IEF, AGG, HYG), 'Commodities' (GLD, SLV) and 'Diversified'.
 */

export type ListingExchange = 'NASDAQ' | 'NYSE' | 'NYSE Arca' | 'Cboe BZX';
export type AssetClass = 'equity' | 'etf';

export interface InstrumentSeed {
  symbol: string;
  name: string;
  exchange: ListingExchange;
  asset_class: AssetClass;
  currency: 'USD';
  sector: string;
  industry: string;
  shares_outstanding: number | null;
  eps_ttm: number | null;
  annual_vol: number;
  beta: number;
  annual_drift: number;
  ref_price: number;
  avg_volume: number;
}

export const DEFAULT_BENCHMARK = 'SPY';


/** The 11 GICS sectors, exact names. */
export const GICS_SECTORS = [
  'Information Technology',
  'Health Care',
  'Financials',
  'Consumer Discretionary',
  'Communication Services',
  'Industrials',
  'Consumer Staples',
  'Energy',
  'Utilities',
  'Real Estate',
  'Materials',
] as const;
export type GicsSector = (typeof GICS_SECTORS)[number];

/** Non-GICS sector buckets used only by ETFs. */
export const NON_GICS_SECTORS = ['Diversified', 'Fixed Income', 'Commodities'] as const;

/** GICS industries (2023 structure) per sector, exact names. */
export const GICS_INDUSTRIES: Readonly<Record<GicsSector, readonly string[]>> = {
  Energy: ['Energy Equipment & Services', 'Oil, Gas & Consumable Fuels'],
  Materials: [
    'Chemicals',
    'Construction Materials',
    'Containers & Packaging',
    'Metals & Mining',
    'Paper & Forest Products',
  ],
  Industrials: [
    'Aerospace & Defense',
    'Building Products',
    'Construction & Engineering',
    'Electrical Equipment',
    'Industrial Conglomerates',
    'Machinery',
    'Trading Companies & Distributors',
    'Commercial Services & Supplies',
    'Professional Services',
    'Air Freight & Logistics',
    'Passenger Airlines',
    'Marine Transportation',
    'Ground Transportation',
    'Transportation Infrastructure',
  ],
  'Consumer Discretionary': [
    'Automobile Components',
    'Automobiles',
    'Household Durables',
    'Leisure Products',
    'Textiles, Apparel & Luxury Goods',
    'Hotels, Restaurants & Leisure',
    'Diversified Consumer Services',
    'Distributors',
    'Broadline Retail',
    'Specialty Retail',
  ],
  'Consumer Staples': [
    'Consumer Staples Distribution & Retail',
    'Beverages',
    'Food Products',
    'Tobacco',
    'Household Products',
    'Personal Care Products',
  ],
  'Health Care': [
    'Health Care Equipment & Supplies',
    'Health Care Providers & Services',
    'Health Care Technology',
    'Biotechnology',
    'Pharmaceuticals',
    'Life Sciences Tools & Services',
  ],
  Financials: [
    'Banks',
    'Financial Services',
    'Consumer Finance',
    'Capital Markets',
    'Mortgage Real Estate Investment Trusts (REITs)',
    'Insurance',
  ],
  'Information Technology': [
    'IT Services',
    'Software',
    'Communications Equipment',
    'Technology Hardware, Storage & Peripherals',
    'Electronic Equipment, Instruments & Components',
    'Semiconductors & Semiconductor Equipment',
  ],
  'Communication Services': [
    'Diversified Telecommunication Services',
    'Wireless Telecommunication Services',
    'Media',
    'Entertainment',
    'Interactive Media & Services',
  ],
  Utilities: [
    'Electric Utilities',
    'Gas Utilities',
    'Multi-Utilities',
    'Water Utilities',
    'Independent Power and Renewable Electricity Producers',
  ],
  'Real Estate': [
    'Diversified REITs',
    'Industrial REITs',
    'Hotel & Resort REITs',
    'Office REITs',
    'Health Care REITs',
    'Residential REITs',
    'Retail REITs',
    'Specialized REITs',
    'Real Estate Management & Development',
  ],
};

/** Select Sector SPDR ETF -> the GICS sector it tracks. */
export const SECTOR_ETFS: Readonly<Record<string, GicsSector>> = {
  XLK: 'Information Technology',
  XLV: 'Health Care',
  XLF: 'Financials',
  XLY: 'Consumer Discretionary',
  XLC: 'Communication Services',
  XLI: 'Industrials',
  XLP: 'Consumer Staples',
  XLE: 'Energy',
  XLU: 'Utilities',
  XLRE: 'Real Estate',
  XLB: 'Materials',
};

type EquityRow = Omit<InstrumentSeed, 'asset_class' | 'currency'>;
type EtfRow = Omit<InstrumentSeed, 'asset_class' | 'currency' | 'eps_ttm' | 'shares_outstanding'>;

const equity = (r: EquityRow): InstrumentSeed => ({ ...r, asset_class: 'equity', currency: 'USD' });
const etf = (r: EtfRow): InstrumentSeed => ({
  ...r,
  asset_class: 'etf',
  currency: 'USD',
  shares_outstanding: null,
  eps_ttm: null,
});

const IT = 'Information Technology';
const HC = 'Health Care';
const FIN = 'Financials';
const CD = 'Consumer Discretionary';
const COM = 'Communication Services';
const IND = 'Industrials';
const CS = 'Consumer Staples';
const EN = 'Energy';
const UT = 'Utilities';
const RE = 'Real Estate';
const MAT = 'Materials';

const SEMIS = 'Semiconductors & Semiconductor Equipment';
const OGCF = 'Oil, Gas & Consumable Fuels';
const HRL = 'Hotels, Restaurants & Leisure';

// prettier-ignore
const EQUITIES: InstrumentSeed[] = [
  // ---- Information Technology ----
  equity({ symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', sector: IT, industry: 'Technology Hardware, Storage & Peripherals', shares_outstanding: 14_940_000_000, eps_ttm: 6.08, annual_vol: 0.27, beta: 1.2, annual_drift: 0.10, ref_price: 200, avg_volume: 55_000_000 }),
  equity({ symbol: 'MSFT', name: 'Microsoft Corporation', exchange: 'NASDAQ', sector: IT, industry: 'Software', shares_outstanding: 7_430_000_000, eps_ttm: 13.64, annual_vol: 0.25, beta: 1.05, annual_drift: 0.10, ref_price: 470, avg_volume: 21_000_000 }),
  equity({ symbol: 'NVDA', name: 'NVIDIA Corporation', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 24_400_000_000, eps_ttm: 2.94, annual_vol: 0.50, beta: 1.8, annual_drift: 0.12, ref_price: 145, avg_volume: 230_000_000 }),
  equity({ symbol: 'AVGO', name: 'Broadcom Inc.', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 4_700_000_000, eps_ttm: 1.23, annual_vol: 0.45, beta: 1.35, annual_drift: 0.12, ref_price: 250, avg_volume: 25_000_000 }),
  equity({ symbol: 'ORCL', name: 'Oracle Corporation', exchange: 'NYSE', sector: IT, industry: 'Software', shares_outstanding: 2_810_000_000, eps_ttm: 4.34, annual_vol: 0.33, beta: 1.1, annual_drift: 0.10, ref_price: 210, avg_volume: 10_000_000 }),
  equity({ symbol: 'CRM', name: 'Salesforce, Inc.', exchange: 'NYSE', sector: IT, industry: 'Software', shares_outstanding: 960_000_000, eps_ttm: 6.36, annual_vol: 0.32, beta: 1.2, annual_drift: 0.08, ref_price: 270, avg_volume: 6_500_000 }),
  equity({ symbol: 'ADBE', name: 'Adobe Inc.', exchange: 'NASDAQ', sector: IT, industry: 'Software', shares_outstanding: 425_000_000, eps_ttm: 12.36, annual_vol: 0.32, beta: 1.2, annual_drift: 0.07, ref_price: 390, avg_volume: 3_500_000 }),
  equity({ symbol: 'AMD', name: 'Advanced Micro Devices, Inc.', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 1_620_000_000, eps_ttm: 1.00, annual_vol: 0.50, beta: 1.7, annual_drift: 0.10, ref_price: 125, avg_volume: 45_000_000 }),
  equity({ symbol: 'CSCO', name: 'Cisco Systems, Inc.', exchange: 'NASDAQ', sector: IT, industry: 'Communications Equipment', shares_outstanding: 3_960_000_000, eps_ttm: 2.54, annual_vol: 0.20, beta: 0.85, annual_drift: 0.06, ref_price: 66, avg_volume: 20_000_000 }),
  equity({ symbol: 'INTC', name: 'Intel Corporation', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 4_370_000_000, eps_ttm: -4.38, annual_vol: 0.45, beta: 1.1, annual_drift: 0.03, ref_price: 21, avg_volume: 80_000_000 }),
  equity({ symbol: 'IBM', name: 'International Business Machines Corporation', exchange: 'NYSE', sector: IT, industry: 'IT Services', shares_outstanding: 930_000_000, eps_ttm: 6.43, annual_vol: 0.22, beta: 0.75, annual_drift: 0.06, ref_price: 280, avg_volume: 4_500_000 }),
  equity({ symbol: 'TXN', name: 'Texas Instruments Incorporated', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 908_000_000, eps_ttm: 5.20, annual_vol: 0.27, beta: 1.05, annual_drift: 0.06, ref_price: 200, avg_volume: 6_500_000 }),
  equity({ symbol: 'QCOM', name: 'QUALCOMM Incorporated', exchange: 'NASDAQ', sector: IT, industry: SEMIS, shares_outstanding: 1_100_000_000, eps_ttm: 8.97, annual_vol: 0.35, beta: 1.3, annual_drift: 0.07, ref_price: 155, avg_volume: 8_000_000 }),
  equity({ symbol: 'ACN', name: 'Accenture plc', exchange: 'NYSE', sector: IT, industry: 'IT Services', shares_outstanding: 626_000_000, eps_ttm: 11.44, annual_vol: 0.24, beta: 1.0, annual_drift: 0.06, ref_price: 300, avg_volume: 3_000_000 }),

  // ---- Health Care ----
  equity({ symbol: 'LLY', name: 'Eli Lilly and Company', exchange: 'NYSE', sector: HC, industry: 'Pharmaceuticals', shares_outstanding: 898_000_000, eps_ttm: 11.71, annual_vol: 0.30, beta: 0.45, annual_drift: 0.12, ref_price: 780, avg_volume: 3_500_000 }),
  equity({ symbol: 'UNH', name: 'UnitedHealth Group Incorporated', exchange: 'NYSE', sector: HC, industry: 'Health Care Providers & Services', shares_outstanding: 905_000_000, eps_ttm: 15.51, annual_vol: 0.30, beta: 0.6, annual_drift: 0.06, ref_price: 310, avg_volume: 9_000_000 }),
  equity({ symbol: 'JNJ', name: 'Johnson & Johnson', exchange: 'NYSE', sector: HC, industry: 'Pharmaceuticals', shares_outstanding: 2_410_000_000, eps_ttm: 5.79, annual_vol: 0.16, beta: 0.5, annual_drift: 0.05, ref_price: 153, avg_volume: 7_500_000 }),
  equity({ symbol: 'ABBV', name: 'AbbVie Inc.', exchange: 'NYSE', sector: HC, industry: 'Biotechnology', shares_outstanding: 1_770_000_000, eps_ttm: 2.39, annual_vol: 0.22, beta: 0.55, annual_drift: 0.08, ref_price: 185, avg_volume: 6_000_000 }),
  equity({ symbol: 'MRK', name: 'Merck & Co., Inc.', exchange: 'NYSE', sector: HC, industry: 'Pharmaceuticals', shares_outstanding: 2_510_000_000, eps_ttm: 6.74, annual_vol: 0.22, beta: 0.45, annual_drift: 0.05, ref_price: 80, avg_volume: 11_000_000 }),
  equity({ symbol: 'PFE', name: 'Pfizer Inc.', exchange: 'NYSE', sector: HC, industry: 'Pharmaceuticals', shares_outstanding: 5_670_000_000, eps_ttm: 1.41, annual_vol: 0.22, beta: 0.55, annual_drift: 0.03, ref_price: 24, avg_volume: 35_000_000 }),
  equity({ symbol: 'TMO', name: 'Thermo Fisher Scientific Inc.', exchange: 'NYSE', sector: HC, industry: 'Life Sciences Tools & Services', shares_outstanding: 378_000_000, eps_ttm: 16.53, annual_vol: 0.24, beta: 0.85, annual_drift: 0.07, ref_price: 410, avg_volume: 2_200_000 }),
  equity({ symbol: 'ABT', name: 'Abbott Laboratories', exchange: 'NYSE', sector: HC, industry: 'Health Care Equipment & Supplies', shares_outstanding: 1_740_000_000, eps_ttm: 7.64, annual_vol: 0.19, beta: 0.7, annual_drift: 0.07, ref_price: 132, avg_volume: 5_500_000 }),
  equity({ symbol: 'AMGN', name: 'Amgen Inc.', exchange: 'NASDAQ', sector: HC, industry: 'Biotechnology', shares_outstanding: 537_000_000, eps_ttm: 7.56, annual_vol: 0.22, beta: 0.5, annual_drift: 0.06, ref_price: 290, avg_volume: 2_800_000 }),
  equity({ symbol: 'ISRG', name: 'Intuitive Surgical, Inc.', exchange: 'NASDAQ', sector: HC, industry: 'Health Care Equipment & Supplies', shares_outstanding: 358_000_000, eps_ttm: 6.42, annual_vol: 0.30, beta: 1.1, annual_drift: 0.10, ref_price: 530, avg_volume: 1_800_000 }),
  equity({ symbol: 'GILD', name: 'Gilead Sciences, Inc.', exchange: 'NASDAQ', sector: HC, industry: 'Biotechnology', shares_outstanding: 1_245_000_000, eps_ttm: 0.38, annual_vol: 0.22, beta: 0.35, annual_drift: 0.06, ref_price: 110, avg_volume: 7_000_000 }),
  equity({ symbol: 'DHR', name: 'Danaher Corporation', exchange: 'NYSE', sector: HC, industry: 'Life Sciences Tools & Services', shares_outstanding: 716_000_000, eps_ttm: 5.29, annual_vol: 0.26, beta: 0.85, annual_drift: 0.06, ref_price: 195, avg_volume: 3_500_000 }),

  // ---- Financials ----
  equity({ symbol: 'BRK.B', name: 'Berkshire Hathaway Inc. Class B', exchange: 'NYSE', sector: FIN, industry: 'Financial Services', shares_outstanding: 2_157_000_000, eps_ttm: 41.27, annual_vol: 0.16, beta: 0.85, annual_drift: 0.08, ref_price: 490, avg_volume: 4_000_000 }),
  equity({ symbol: 'JPM', name: 'JPMorgan Chase & Co.', exchange: 'NYSE', sector: FIN, industry: 'Banks', shares_outstanding: 2_780_000_000, eps_ttm: 19.75, annual_vol: 0.24, beta: 1.05, annual_drift: 0.09, ref_price: 270, avg_volume: 9_000_000 }),
  equity({ symbol: 'V', name: 'Visa Inc.', exchange: 'NYSE', sector: FIN, industry: 'Financial Services', shares_outstanding: 1_950_000_000, eps_ttm: 9.73, annual_vol: 0.19, beta: 0.9, annual_drift: 0.09, ref_price: 350, avg_volume: 6_500_000 }),
  equity({ symbol: 'MA', name: 'Mastercard Incorporated', exchange: 'NYSE', sector: FIN, industry: 'Financial Services', shares_outstanding: 910_000_000, eps_ttm: 13.89, annual_vol: 0.20, beta: 1.0, annual_drift: 0.09, ref_price: 570, avg_volume: 2_700_000 }),
  equity({ symbol: 'BAC', name: 'Bank of America Corporation', exchange: 'NYSE', sector: FIN, industry: 'Banks', shares_outstanding: 7_600_000_000, eps_ttm: 3.21, annual_vol: 0.27, beta: 1.25, annual_drift: 0.07, ref_price: 46, avg_volume: 38_000_000 }),
  equity({ symbol: 'WFC', name: 'Wells Fargo & Company', exchange: 'NYSE', sector: FIN, industry: 'Banks', shares_outstanding: 3_250_000_000, eps_ttm: 5.37, annual_vol: 0.28, beta: 1.15, annual_drift: 0.07, ref_price: 78, avg_volume: 17_000_000 }),
  equity({ symbol: 'C', name: 'Citigroup Inc.', exchange: 'NYSE', sector: FIN, industry: 'Banks', shares_outstanding: 1_870_000_000, eps_ttm: 5.94, annual_vol: 0.30, beta: 1.35, annual_drift: 0.07, ref_price: 83, avg_volume: 15_000_000 }),
  equity({ symbol: 'GS', name: 'The Goldman Sachs Group, Inc.', exchange: 'NYSE', sector: FIN, industry: 'Capital Markets', shares_outstanding: 310_000_000, eps_ttm: 40.54, annual_vol: 0.28, beta: 1.3, annual_drift: 0.09, ref_price: 680, avg_volume: 2_300_000 }),
  equity({ symbol: 'MS', name: 'Morgan Stanley', exchange: 'NYSE', sector: FIN, industry: 'Capital Markets', shares_outstanding: 1_600_000_000, eps_ttm: 7.95, annual_vol: 0.27, beta: 1.3, annual_drift: 0.09, ref_price: 135, avg_volume: 6_500_000 }),
  equity({ symbol: 'BLK', name: 'BlackRock, Inc.', exchange: 'NYSE', sector: FIN, industry: 'Capital Markets', shares_outstanding: 155_000_000, eps_ttm: 41.15, annual_vol: 0.24, beta: 1.25, annual_drift: 0.08, ref_price: 1000, avg_volume: 700_000 }),
  equity({ symbol: 'SCHW', name: 'The Charles Schwab Corporation', exchange: 'NYSE', sector: FIN, industry: 'Capital Markets', shares_outstanding: 1_820_000_000, eps_ttm: 2.99, annual_vol: 0.30, beta: 1.0, annual_drift: 0.07, ref_price: 90, avg_volume: 9_000_000 }),
  equity({ symbol: 'AXP', name: 'American Express Company', exchange: 'NYSE', sector: FIN, industry: 'Consumer Finance', shares_outstanding: 700_000_000, eps_ttm: 14.01, annual_vol: 0.27, beta: 1.2, annual_drift: 0.09, ref_price: 310, avg_volume: 3_000_000 }),
  equity({ symbol: 'SPGI', name: 'S&P Global Inc.', exchange: 'NYSE', sector: FIN, industry: 'Capital Markets', shares_outstanding: 307_000_000, eps_ttm: 12.35, annual_vol: 0.21, beta: 1.1, annual_drift: 0.08, ref_price: 520, avg_volume: 1_300_000 }),
  equity({ symbol: 'PGR', name: 'The Progressive Corporation', exchange: 'NYSE', sector: FIN, industry: 'Insurance', shares_outstanding: 586_000_000, eps_ttm: 14.40, annual_vol: 0.24, beta: 0.4, annual_drift: 0.09, ref_price: 265, avg_volume: 2_800_000 }),

  // ---- Consumer Discretionary ----
  equity({ symbol: 'AMZN', name: 'Amazon.com, Inc.', exchange: 'NASDAQ', sector: CD, industry: 'Broadline Retail', shares_outstanding: 10_600_000_000, eps_ttm: 5.53, annual_vol: 0.32, beta: 1.3, annual_drift: 0.10, ref_price: 215, avg_volume: 45_000_000 }),
  equity({ symbol: 'TSLA', name: 'Tesla, Inc.', exchange: 'NASDAQ', sector: CD, industry: 'Automobiles', shares_outstanding: 3_220_000_000, eps_ttm: 2.04, annual_vol: 0.55, beta: 2.0, annual_drift: 0.10, ref_price: 320, avg_volume: 100_000_000 }),
  equity({ symbol: 'HD', name: 'The Home Depot, Inc.', exchange: 'NYSE', sector: CD, industry: 'Specialty Retail', shares_outstanding: 994_000_000, eps_ttm: 14.91, annual_vol: 0.22, beta: 1.0, annual_drift: 0.07, ref_price: 365, avg_volume: 3_500_000 }),
  equity({ symbol: 'MCD', name: "McDonald's Corporation", exchange: 'NYSE', sector: CD, industry: HRL, shares_outstanding: 715_000_000, eps_ttm: 11.39, annual_vol: 0.17, beta: 0.55, annual_drift: 0.06, ref_price: 295, avg_volume: 3_200_000 }),
  equity({ symbol: 'NKE', name: 'NIKE, Inc.', exchange: 'NYSE', sector: CD, industry: 'Textiles, Apparel & Luxury Goods', shares_outstanding: 1_480_000_000, eps_ttm: 2.16, annual_vol: 0.33, beta: 1.0, annual_drift: 0.04, ref_price: 62, avg_volume: 12_000_000 }),
  equity({ symbol: 'LOW', name: "Lowe's Companies, Inc.", exchange: 'NYSE', sector: CD, industry: 'Specialty Retail', shares_outstanding: 560_000_000, eps_ttm: 12.23, annual_vol: 0.24, beta: 1.0, annual_drift: 0.07, ref_price: 225, avg_volume: 2_500_000 }),
  equity({ symbol: 'SBUX', name: 'Starbucks Corporation', exchange: 'NASDAQ', sector: CD, industry: HRL, shares_outstanding: 1_136_000_000, eps_ttm: 3.31, annual_vol: 0.30, beta: 1.0, annual_drift: 0.05, ref_price: 92, avg_volume: 9_000_000 }),
  equity({ symbol: 'BKNG', name: 'Booking Holdings Inc.', exchange: 'NASDAQ', sector: CD, industry: HRL, shares_outstanding: 32_700_000, eps_ttm: 172.69, annual_vol: 0.27, beta: 1.2, annual_drift: 0.09, ref_price: 5600, avg_volume: 250_000 }),
  equity({ symbol: 'TJX', name: 'The TJX Companies, Inc.', exchange: 'NYSE', sector: CD, industry: 'Specialty Retail', shares_outstanding: 1_120_000_000, eps_ttm: 4.26, annual_vol: 0.19, beta: 0.75, annual_drift: 0.08, ref_price: 123, avg_volume: 5_500_000 }),
  equity({ symbol: 'GM', name: 'General Motors Company', exchange: 'NYSE', sector: CD, industry: 'Automobiles', shares_outstanding: 960_000_000, eps_ttm: 6.37, annual_vol: 0.33, beta: 1.3, annual_drift: 0.06, ref_price: 49, avg_volume: 10_000_000 }),
  equity({ symbol: 'CMG', name: 'Chipotle Mexican Grill, Inc.', exchange: 'NYSE', sector: CD, industry: HRL, shares_outstanding: 1_350_000_000, eps_ttm: 1.11, annual_vol: 0.32, beta: 1.1, annual_drift: 0.08, ref_price: 50, avg_volume: 20_000_000 }),

  // ---- Communication Services ----
  equity({ symbol: 'GOOGL', name: 'Alphabet Inc. Class A', exchange: 'NASDAQ', sector: COM, industry: 'Interactive Media & Services', shares_outstanding: 12_100_000_000, eps_ttm: 8.04, annual_vol: 0.30, beta: 1.05, annual_drift: 0.10, ref_price: 175, avg_volume: 30_000_000 }),
  equity({ symbol: 'META', name: 'Meta Platforms, Inc.', exchange: 'NASDAQ', sector: COM, industry: 'Interactive Media & Services', shares_outstanding: 2_520_000_000, eps_ttm: 23.86, annual_vol: 0.38, beta: 1.25, annual_drift: 0.11, ref_price: 690, avg_volume: 14_000_000 }),
  equity({ symbol: 'NFLX', name: 'Netflix, Inc.', exchange: 'NASDAQ', sector: COM, industry: 'Entertainment', shares_outstanding: 427_000_000, eps_ttm: 19.83, annual_vol: 0.35, beta: 1.2, annual_drift: 0.11, ref_price: 1200, avg_volume: 3_500_000 }),
  equity({ symbol: 'DIS', name: 'The Walt Disney Company', exchange: 'NYSE', sector: COM, industry: 'Entertainment', shares_outstanding: 1_800_000_000, eps_ttm: 2.72, annual_vol: 0.26, beta: 1.15, annual_drift: 0.05, ref_price: 122, avg_volume: 9_000_000 }),
  equity({ symbol: 'CMCSA', name: 'Comcast Corporation', exchange: 'NASDAQ', sector: COM, industry: 'Media', shares_outstanding: 3_750_000_000, eps_ttm: 4.14, annual_vol: 0.25, beta: 0.95, annual_drift: 0.04, ref_price: 35, avg_volume: 22_000_000 }),
  equity({ symbol: 'T', name: 'AT&T Inc.', exchange: 'NYSE', sector: COM, industry: 'Diversified Telecommunication Services', shares_outstanding: 7_190_000_000, eps_ttm: 1.49, annual_vol: 0.20, beta: 0.5, annual_drift: 0.05, ref_price: 28, avg_volume: 35_000_000 }),
  equity({ symbol: 'VZ', name: 'Verizon Communications Inc.', exchange: 'NYSE', sector: COM, industry: 'Diversified Telecommunication Services', shares_outstanding: 4_220_000_000, eps_ttm: 4.14, annual_vol: 0.19, beta: 0.4, annual_drift: 0.04, ref_price: 43, avg_volume: 20_000_000 }),
  equity({ symbol: 'TMUS', name: 'T-Mobile US, Inc.', exchange: 'NASDAQ', sector: COM, industry: 'Wireless Telecommunication Services', shares_outstanding: 1_130_000_000, eps_ttm: 9.66, annual_vol: 0.22, beta: 0.55, annual_drift: 0.09, ref_price: 235, avg_volume: 4_000_000 }),
  equity({ symbol: 'CHTR', name: 'Charter Communications, Inc.', exchange: 'NASDAQ', sector: COM, industry: 'Media', shares_outstanding: 140_000_000, eps_ttm: 34.97, annual_vol: 0.35, beta: 1.0, annual_drift: 0.04, ref_price: 400, avg_volume: 1_300_000 }),
  equity({ symbol: 'EA', name: 'Electronic Arts Inc.', exchange: 'NASDAQ', sector: COM, industry: 'Entertainment', shares_outstanding: 250_000_000, eps_ttm: 4.25, annual_vol: 0.24, beta: 0.7, annual_drift: 0.06, ref_price: 150, avg_volume: 2_500_000 }),

  // ---- Industrials ----
  equity({ symbol: 'GE', name: 'GE Aerospace', exchange: 'NYSE', sector: IND, industry: 'Aerospace & Defense', shares_outstanding: 1_066_000_000, eps_ttm: 6.09, annual_vol: 0.30, beta: 1.2, annual_drift: 0.10, ref_price: 245, avg_volume: 6_000_000 }),
  equity({ symbol: 'CAT', name: 'Caterpillar Inc.', exchange: 'NYSE', sector: IND, industry: 'Machinery', shares_outstanding: 472_000_000, eps_ttm: 22.05, annual_vol: 0.28, beta: 1.1, annual_drift: 0.09, ref_price: 350, avg_volume: 2_800_000 }),
  equity({ symbol: 'RTX', name: 'RTX Corporation', exchange: 'NYSE', sector: IND, industry: 'Aerospace & Defense', shares_outstanding: 1_335_000_000, eps_ttm: 3.55, annual_vol: 0.22, beta: 0.65, annual_drift: 0.07, ref_price: 145, avg_volume: 5_000_000 }),
  equity({ symbol: 'HON', name: 'Honeywell International Inc.', exchange: 'NASDAQ', sector: IND, industry: 'Industrial Conglomerates', shares_outstanding: 635_000_000, eps_ttm: 8.71, annual_vol: 0.20, beta: 0.95, annual_drift: 0.06, ref_price: 230, avg_volume: 3_500_000 }),
  equity({ symbol: 'UNP', name: 'Union Pacific Corporation', exchange: 'NYSE', sector: IND, industry: 'Ground Transportation', shares_outstanding: 596_000_000, eps_ttm: 11.09, annual_vol: 0.22, beta: 0.95, annual_drift: 0.06, ref_price: 230, avg_volume: 3_000_000 }),
  equity({ symbol: 'BA', name: 'The Boeing Company', exchange: 'NYSE', sector: IND, industry: 'Aerospace & Defense', shares_outstanding: 754_000_000, eps_ttm: -18.36, annual_vol: 0.38, beta: 1.4, annual_drift: 0.04, ref_price: 205, avg_volume: 8_000_000 }),
  equity({ symbol: 'DE', name: 'Deere & Company', exchange: 'NYSE', sector: IND, industry: 'Machinery', shares_outstanding: 271_000_000, eps_ttm: 25.62, annual_vol: 0.26, beta: 0.95, annual_drift: 0.08, ref_price: 510, avg_volume: 1_500_000 }),
  equity({ symbol: 'LMT', name: 'Lockheed Martin Corporation', exchange: 'NYSE', sector: IND, industry: 'Aerospace & Defense', shares_outstanding: 234_000_000, eps_ttm: 22.31, annual_vol: 0.22, beta: 0.35, annual_drift: 0.06, ref_price: 470, avg_volume: 1_400_000 }),
  equity({ symbol: 'UPS', name: 'United Parcel Service, Inc.', exchange: 'NYSE', sector: IND, industry: 'Air Freight & Logistics', shares_outstanding: 850_000_000, eps_ttm: 6.75, annual_vol: 0.28, beta: 1.0, annual_drift: 0.04, ref_price: 100, avg_volume: 6_000_000 }),
  equity({ symbol: 'ADP', name: 'Automatic Data Processing, Inc.', exchange: 'NASDAQ', sector: IND, industry: 'Professional Services', shares_outstanding: 407_000_000, eps_ttm: 9.98, annual_vol: 0.19, beta: 0.8, annual_drift: 0.08, ref_price: 310, avg_volume: 1_800_000 }),
  equity({ symbol: 'ETN', name: 'Eaton Corporation plc', exchange: 'NYSE', sector: IND, industry: 'Electrical Equipment', shares_outstanding: 390_000_000, eps_ttm: 9.50, annual_vol: 0.32, beta: 1.2, annual_drift: 0.10, ref_price: 350, avg_volume: 2_800_000 }),

  // ---- Consumer Staples ----
  equity({ symbol: 'WMT', name: 'Walmart Inc.', exchange: 'NYSE', sector: CS, industry: 'Consumer Staples Distribution & Retail', shares_outstanding: 8_000_000_000, eps_ttm: 2.41, annual_vol: 0.20, beta: 0.55, annual_drift: 0.09, ref_price: 97, avg_volume: 17_000_000 }),
  equity({ symbol: 'PG', name: 'The Procter & Gamble Company', exchange: 'NYSE', sector: CS, industry: 'Household Products', shares_outstanding: 2_340_000_000, eps_ttm: 6.51, annual_vol: 0.16, beta: 0.4, annual_drift: 0.06, ref_price: 160, avg_volume: 7_000_000 }),
  equity({ symbol: 'KO', name: 'The Coca-Cola Company', exchange: 'NYSE', sector: CS, industry: 'Beverages', shares_outstanding: 4_300_000_000, eps_ttm: 2.46, annual_vol: 0.15, beta: 0.5, annual_drift: 0.05, ref_price: 71, avg_volume: 14_000_000 }),
  equity({ symbol: 'PEP', name: 'PepsiCo, Inc.', exchange: 'NASDAQ', sector: CS, industry: 'Beverages', shares_outstanding: 1_370_000_000, eps_ttm: 6.95, annual_vol: 0.17, beta: 0.45, annual_drift: 0.04, ref_price: 132, avg_volume: 7_000_000 }),
  equity({ symbol: 'COST', name: 'Costco Wholesale Corporation', exchange: 'NASDAQ', sector: CS, industry: 'Consumer Staples Distribution & Retail', shares_outstanding: 443_000_000, eps_ttm: 16.56, annual_vol: 0.22, beta: 0.8, annual_drift: 0.10, ref_price: 1000, avg_volume: 2_000_000 }),
  equity({ symbol: 'PM', name: 'Philip Morris International Inc.', exchange: 'NYSE', sector: CS, industry: 'Tobacco', shares_outstanding: 1_556_000_000, eps_ttm: 4.52, annual_vol: 0.22, beta: 0.45, annual_drift: 0.08, ref_price: 180, avg_volume: 6_000_000 }),
  equity({ symbol: 'MO', name: 'Altria Group, Inc.', exchange: 'NYSE', sector: CS, industry: 'Tobacco', shares_outstanding: 1_680_000_000, eps_ttm: 6.54, annual_vol: 0.18, beta: 0.5, annual_drift: 0.05, ref_price: 60, avg_volume: 9_000_000 }),
  equity({ symbol: 'MDLZ', name: 'Mondelez International, Inc.', exchange: 'NASDAQ', sector: CS, industry: 'Food Products', shares_outstanding: 1_300_000_000, eps_ttm: 3.42, annual_vol: 0.18, beta: 0.5, annual_drift: 0.05, ref_price: 67, avg_volume: 8_000_000 }),
  equity({ symbol: 'CL', name: 'Colgate-Palmolive Company', exchange: 'NYSE', sector: CS, industry: 'Household Products', shares_outstanding: 810_000_000, eps_ttm: 3.51, annual_vol: 0.17, beta: 0.4, annual_drift: 0.05, ref_price: 91, avg_volume: 4_500_000 }),
  equity({ symbol: 'TGT', name: 'Target Corporation', exchange: 'NYSE', sector: CS, industry: 'Consumer Staples Distribution & Retail', shares_outstanding: 455_000_000, eps_ttm: 8.86, annual_vol: 0.32, beta: 0.95, annual_drift: 0.04, ref_price: 97, avg_volume: 6_000_000 }),

  // ---- Energy ----
  equity({ symbol: 'XOM', name: 'Exxon Mobil Corporation', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 4_310_000_000, eps_ttm: 7.84, annual_vol: 0.24, beta: 0.7, annual_drift: 0.06, ref_price: 110, avg_volume: 15_000_000 }),
  equity({ symbol: 'CVX', name: 'Chevron Corporation', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 1_750_000_000, eps_ttm: 9.72, annual_vol: 0.24, beta: 0.75, annual_drift: 0.06, ref_price: 145, avg_volume: 8_000_000 }),
  equity({ symbol: 'COP', name: 'ConocoPhillips', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 1_260_000_000, eps_ttm: 7.81, annual_vol: 0.28, beta: 0.85, annual_drift: 0.06, ref_price: 90, avg_volume: 7_000_000 }),
  equity({ symbol: 'EOG', name: 'EOG Resources, Inc.', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 550_000_000, eps_ttm: 11.25, annual_vol: 0.28, beta: 0.85, annual_drift: 0.06, ref_price: 120, avg_volume: 3_500_000 }),
  equity({ symbol: 'SLB', name: 'SLB N.V.', exchange: 'NYSE', sector: EN, industry: 'Energy Equipment & Services', shares_outstanding: 1_360_000_000, eps_ttm: 3.11, annual_vol: 0.32, beta: 1.0, annual_drift: 0.05, ref_price: 34, avg_volume: 14_000_000 }),
  equity({ symbol: 'MPC', name: 'Marathon Petroleum Corporation', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 310_000_000, eps_ttm: 10.08, annual_vol: 0.32, beta: 0.95, annual_drift: 0.07, ref_price: 165, avg_volume: 2_500_000 }),
  equity({ symbol: 'PSX', name: 'Phillips 66', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 408_000_000, eps_ttm: 4.99, annual_vol: 0.30, beta: 0.95, annual_drift: 0.06, ref_price: 120, avg_volume: 3_000_000 }),
  equity({ symbol: 'OXY', name: 'Occidental Petroleum Corporation', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 985_000_000, eps_ttm: 2.44, annual_vol: 0.32, beta: 0.9, annual_drift: 0.05, ref_price: 43, avg_volume: 10_000_000 }),
  equity({ symbol: 'WMB', name: 'The Williams Companies, Inc.', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 1_220_000_000, eps_ttm: 1.82, annual_vol: 0.22, beta: 0.65, annual_drift: 0.07, ref_price: 60, avg_volume: 7_000_000 }),
  equity({ symbol: 'HAL', name: 'Halliburton Company', exchange: 'NYSE', sector: EN, industry: 'Energy Equipment & Services', shares_outstanding: 860_000_000, eps_ttm: 2.83, annual_vol: 0.35, beta: 1.1, annual_drift: 0.04, ref_price: 21, avg_volume: 14_000_000 }),
  equity({ symbol: 'KMI', name: 'Kinder Morgan, Inc.', exchange: 'NYSE', sector: EN, industry: OGCF, shares_outstanding: 2_220_000_000, eps_ttm: 1.16, annual_vol: 0.22, beta: 0.7, annual_drift: 0.06, ref_price: 28, avg_volume: 14_000_000 }),

  // ---- Utilities ----
  equity({ symbol: 'NEE', name: 'NextEra Energy, Inc.', exchange: 'NYSE', sector: UT, industry: 'Electric Utilities', shares_outstanding: 2_060_000_000, eps_ttm: 3.37, annual_vol: 0.25, beta: 0.55, annual_drift: 0.06, ref_price: 72, avg_volume: 10_000_000 }),
  equity({ symbol: 'SO', name: 'The Southern Company', exchange: 'NYSE', sector: UT, industry: 'Electric Utilities', shares_outstanding: 1_100_000_000, eps_ttm: 4.02, annual_vol: 0.17, beta: 0.45, annual_drift: 0.06, ref_price: 90, avg_volume: 4_500_000 }),
  equity({ symbol: 'DUK', name: 'Duke Energy Corporation', exchange: 'NYSE', sector: UT, industry: 'Electric Utilities', shares_outstanding: 777_000_000, eps_ttm: 5.71, annual_vol: 0.16, beta: 0.45, annual_drift: 0.05, ref_price: 118, avg_volume: 3_200_000 }),
  equity({ symbol: 'CEG', name: 'Constellation Energy Corporation', exchange: 'NASDAQ', sector: UT, industry: 'Electric Utilities', shares_outstanding: 313_000_000, eps_ttm: 11.89, annual_vol: 0.45, beta: 1.1, annual_drift: 0.10, ref_price: 310, avg_volume: 3_000_000 }),
  equity({ symbol: 'AEP', name: 'American Electric Power Company, Inc.', exchange: 'NASDAQ', sector: UT, industry: 'Electric Utilities', shares_outstanding: 534_000_000, eps_ttm: 5.60, annual_vol: 0.17, beta: 0.45, annual_drift: 0.05, ref_price: 103, avg_volume: 3_500_000 }),
  equity({ symbol: 'D', name: 'Dominion Energy, Inc.', exchange: 'NYSE', sector: UT, industry: 'Multi-Utilities', shares_outstanding: 853_000_000, eps_ttm: 2.44, annual_vol: 0.19, beta: 0.55, annual_drift: 0.04, ref_price: 56, avg_volume: 4_500_000 }),
  equity({ symbol: 'SRE', name: 'Sempra', exchange: 'NYSE', sector: UT, industry: 'Multi-Utilities', shares_outstanding: 653_000_000, eps_ttm: 4.42, annual_vol: 0.22, beta: 0.6, annual_drift: 0.05, ref_price: 75, avg_volume: 4_000_000 }),
  equity({ symbol: 'EXC', name: 'Exelon Corporation', exchange: 'NASDAQ', sector: UT, industry: 'Electric Utilities', shares_outstanding: 1_010_000_000, eps_ttm: 2.45, annual_vol: 0.17, beta: 0.5, annual_drift: 0.05, ref_price: 43, avg_volume: 7_000_000 }),
  equity({ symbol: 'XEL', name: 'Xcel Energy Inc.', exchange: 'NASDAQ', sector: UT, industry: 'Electric Utilities', shares_outstanding: 575_000_000, eps_ttm: 3.44, annual_vol: 0.18, beta: 0.45, annual_drift: 0.05, ref_price: 68, avg_volume: 4_000_000 }),
  equity({ symbol: 'VST', name: 'Vistra Corp.', exchange: 'NYSE', sector: UT, industry: 'Independent Power and Renewable Electricity Producers', shares_outstanding: 340_000_000, eps_ttm: 7.00, annual_vol: 0.55, beta: 1.3, annual_drift: 0.10, ref_price: 190, avg_volume: 6_000_000 }),
  equity({ symbol: 'AWK', name: 'American Water Works Company, Inc.', exchange: 'NYSE', sector: UT, industry: 'Water Utilities', shares_outstanding: 195_000_000, eps_ttm: 5.39, annual_vol: 0.18, beta: 0.5, annual_drift: 0.05, ref_price: 140, avg_volume: 1_200_000 }),

  // ---- Real Estate ----
  equity({ symbol: 'PLD', name: 'Prologis, Inc.', exchange: 'NYSE', sector: RE, industry: 'Industrial REITs', shares_outstanding: 927_000_000, eps_ttm: 3.56, annual_vol: 0.26, beta: 1.05, annual_drift: 0.06, ref_price: 108, avg_volume: 4_000_000 }),
  equity({ symbol: 'AMT', name: 'American Tower Corporation', exchange: 'NYSE', sector: RE, industry: 'Specialized REITs', shares_outstanding: 468_000_000, eps_ttm: 4.82, annual_vol: 0.25, beta: 0.85, annual_drift: 0.05, ref_price: 215, avg_volume: 2_500_000 }),
  equity({ symbol: 'EQIX', name: 'Equinix, Inc.', exchange: 'NASDAQ', sector: RE, industry: 'Specialized REITs', shares_outstanding: 98_000_000, eps_ttm: 8.50, annual_vol: 0.27, beta: 0.9, annual_drift: 0.07, ref_price: 800, avg_volume: 600_000 }),
  equity({ symbol: 'WELL', name: 'Welltower Inc.', exchange: 'NYSE', sector: RE, industry: 'Health Care REITs', shares_outstanding: 650_000_000, eps_ttm: 1.57, annual_vol: 0.22, beta: 0.8, annual_drift: 0.08, ref_price: 155, avg_volume: 3_000_000 }),
  equity({ symbol: 'SPG', name: 'Simon Property Group, Inc.', exchange: 'NYSE', sector: RE, industry: 'Retail REITs', shares_outstanding: 326_000_000, eps_ttm: 7.26, annual_vol: 0.25, beta: 1.2, annual_drift: 0.06, ref_price: 160, avg_volume: 1_600_000 }),
  equity({ symbol: 'O', name: 'Realty Income Corporation', exchange: 'NYSE', sector: RE, industry: 'Retail REITs', shares_outstanding: 890_000_000, eps_ttm: 0.98, annual_vol: 0.19, beta: 0.75, annual_drift: 0.04, ref_price: 57, avg_volume: 5_000_000 }),
  equity({ symbol: 'PSA', name: 'Public Storage', exchange: 'NYSE', sector: RE, industry: 'Specialized REITs', shares_outstanding: 175_000_000, eps_ttm: 10.23, annual_vol: 0.22, beta: 0.75, annual_drift: 0.05, ref_price: 295, avg_volume: 1_000_000 }),
  equity({ symbol: 'CCI', name: 'Crown Castle Inc.', exchange: 'NYSE', sector: RE, industry: 'Specialized REITs', shares_outstanding: 434_000_000, eps_ttm: -8.98, annual_vol: 0.27, beta: 0.9, annual_drift: 0.03, ref_price: 100, avg_volume: 3_000_000 }),
  equity({ symbol: 'DLR', name: 'Digital Realty Trust, Inc.', exchange: 'NYSE', sector: RE, industry: 'Specialized REITs', shares_outstanding: 337_000_000, eps_ttm: 1.29, annual_vol: 0.30, beta: 1.0, annual_drift: 0.07, ref_price: 175, avg_volume: 1_800_000 }),
  equity({ symbol: 'CBRE', name: 'CBRE Group, Inc.', exchange: 'NYSE', sector: RE, industry: 'Real Estate Management & Development', shares_outstanding: 300_000_000, eps_ttm: 3.14, annual_vol: 0.28, beta: 1.25, annual_drift: 0.08, ref_price: 135, avg_volume: 1_600_000 }),
  equity({ symbol: 'AVB', name: 'AvalonBay Communities, Inc.', exchange: 'NYSE', sector: RE, industry: 'Residential REITs', shares_outstanding: 142_000_000, eps_ttm: 7.60, annual_vol: 0.20, beta: 0.85, annual_drift: 0.05, ref_price: 205, avg_volume: 700_000 }),

  // ---- Materials ----
  equity({ symbol: 'LIN', name: 'Linde plc', exchange: 'NASDAQ', sector: MAT, industry: 'Chemicals', shares_outstanding: 472_000_000, eps_ttm: 13.62, annual_vol: 0.18, beta: 0.85, annual_drift: 0.08, ref_price: 465, avg_volume: 2_000_000 }),
  equity({ symbol: 'SHW', name: 'The Sherwin-Williams Company', exchange: 'NYSE', sector: MAT, industry: 'Chemicals', shares_outstanding: 251_000_000, eps_ttm: 10.55, annual_vol: 0.25, beta: 1.1, annual_drift: 0.08, ref_price: 345, avg_volume: 1_700_000 }),
  equity({ symbol: 'APD', name: 'Air Products and Chemicals, Inc.', exchange: 'NYSE', sector: MAT, industry: 'Chemicals', shares_outstanding: 222_500_000, eps_ttm: 17.24, annual_vol: 0.27, beta: 0.85, annual_drift: 0.06, ref_price: 280, avg_volume: 1_400_000 }),
  equity({ symbol: 'ECL', name: 'Ecolab Inc.', exchange: 'NYSE', sector: MAT, industry: 'Chemicals', shares_outstanding: 284_000_000, eps_ttm: 7.33, annual_vol: 0.20, beta: 0.95, annual_drift: 0.07, ref_price: 265, avg_volume: 1_300_000 }),
  equity({ symbol: 'FCX', name: 'Freeport-McMoRan Inc.', exchange: 'NYSE', sector: MAT, industry: 'Metals & Mining', shares_outstanding: 1_437_000_000, eps_ttm: 1.30, annual_vol: 0.40, beta: 1.5, annual_drift: 0.06, ref_price: 42, avg_volume: 14_000_000 }),
  equity({ symbol: 'NEM', name: 'Newmont Corporation', exchange: 'NYSE', sector: MAT, industry: 'Metals & Mining', shares_outstanding: 1_110_000_000, eps_ttm: 2.92, annual_vol: 0.35, beta: 0.5, annual_drift: 0.06, ref_price: 58, avg_volume: 11_000_000 }),
  equity({ symbol: 'NUE', name: 'Nucor Corporation', exchange: 'NYSE', sector: MAT, industry: 'Metals & Mining', shares_outstanding: 230_000_000, eps_ttm: 8.46, annual_vol: 0.33, beta: 1.3, annual_drift: 0.06, ref_price: 125, avg_volume: 2_000_000 }),
  equity({ symbol: 'DOW', name: 'Dow Inc.', exchange: 'NYSE', sector: MAT, industry: 'Chemicals', shares_outstanding: 706_000_000, eps_ttm: 1.57, annual_vol: 0.33, beta: 1.0, annual_drift: 0.03, ref_price: 28, avg_volume: 10_000_000 }),
  equity({ symbol: 'DD', name: 'DuPont de Nemours, Inc.', exchange: 'NYSE', sector: MAT, industry: 'Chemicals', shares_outstanding: 418_000_000, eps_ttm: 1.68, annual_vol: 0.28, beta: 1.2, annual_drift: 0.05, ref_price: 70, avg_volume: 3_000_000 }),
  equity({ symbol: 'VMC', name: 'Vulcan Materials Company', exchange: 'NYSE', sector: MAT, industry: 'Construction Materials', shares_outstanding: 132_000_000, eps_ttm: 6.85, annual_vol: 0.26, beta: 1.0, annual_drift: 0.07, ref_price: 260, avg_volume: 900_000 }),
  equity({ symbol: 'IP', name: 'International Paper Company', exchange: 'NYSE', sector: MAT, industry: 'Containers & Packaging', shares_outstanding: 528_000_000, eps_ttm: 1.61, annual_vol: 0.30, beta: 1.0, annual_drift: 0.05, ref_price: 48, avg_volume: 5_000_000 }),
];

const BROAD = 'Diversified';
const FIXED = 'Fixed Income';
const COMMOD = 'Commodities';
const ARCA = 'NYSE Arca';

// prettier-ignore
const ETFS: InstrumentSeed[] = [
  // ---- broad equity ----
  etf({ symbol: 'SPY', name: 'SPDR S&P 500 ETF Trust', exchange: ARCA, sector: BROAD, industry: 'Large Cap Blend ETF', annual_vol: 0.17, beta: 1.0, annual_drift: 0.08, ref_price: 600, avg_volume: 65_000_000 }),
  etf({ symbol: 'VOO', name: 'Vanguard S&P 500 ETF', exchange: ARCA, sector: BROAD, industry: 'Large Cap Blend ETF', annual_vol: 0.17, beta: 1.0, annual_drift: 0.08, ref_price: 550, avg_volume: 6_000_000 }),
  etf({ symbol: 'VTI', name: 'Vanguard Total Stock Market ETF', exchange: ARCA, sector: BROAD, industry: 'Total Market ETF', annual_vol: 0.175, beta: 1.02, annual_drift: 0.08, ref_price: 295, avg_volume: 3_500_000 }),
  etf({ symbol: 'QQQ', name: 'Invesco QQQ Trust, Series 1', exchange: 'NASDAQ', sector: BROAD, industry: 'Large Cap Growth ETF', annual_vol: 0.22, beta: 1.2, annual_drift: 0.10, ref_price: 530, avg_volume: 40_000_000 }),
  etf({ symbol: 'DIA', name: 'SPDR Dow Jones Industrial Average ETF Trust', exchange: ARCA, sector: BROAD, industry: 'Large Cap Value ETF', annual_vol: 0.16, beta: 0.9, annual_drift: 0.07, ref_price: 425, avg_volume: 3_500_000 }),
  etf({ symbol: 'IWM', name: 'iShares Russell 2000 ETF', exchange: ARCA, sector: BROAD, industry: 'Small Cap Blend ETF', annual_vol: 0.22, beta: 1.15, annual_drift: 0.06, ref_price: 210, avg_volume: 30_000_000 }),
  etf({ symbol: 'EFA', name: 'iShares MSCI EAFE ETF', exchange: ARCA, sector: BROAD, industry: 'International Developed Markets ETF', annual_vol: 0.16, beta: 0.8, annual_drift: 0.05, ref_price: 90, avg_volume: 15_000_000 }),
  etf({ symbol: 'EEM', name: 'iShares MSCI Emerging Markets ETF', exchange: ARCA, sector: BROAD, industry: 'Emerging Markets ETF', annual_vol: 0.19, beta: 0.75, annual_drift: 0.05, ref_price: 47, avg_volume: 25_000_000 }),

  // ---- Select Sector SPDRs ----
  etf({ symbol: 'XLK', name: 'Technology Select Sector SPDR Fund', exchange: ARCA, sector: IT, industry: 'Sector ETF', annual_vol: 0.25, beta: 1.25, annual_drift: 0.10, ref_price: 245, avg_volume: 6_000_000 }),
  etf({ symbol: 'XLV', name: 'Health Care Select Sector SPDR Fund', exchange: ARCA, sector: HC, industry: 'Sector ETF', annual_vol: 0.15, beta: 0.65, annual_drift: 0.06, ref_price: 135, avg_volume: 8_000_000 }),
  etf({ symbol: 'XLF', name: 'Financial Select Sector SPDR Fund', exchange: ARCA, sector: FIN, industry: 'Sector ETF', annual_vol: 0.19, beta: 1.0, annual_drift: 0.08, ref_price: 52, avg_volume: 40_000_000 }),
  etf({ symbol: 'XLY', name: 'Consumer Discretionary Select Sector SPDR Fund', exchange: ARCA, sector: CD, industry: 'Sector ETF', annual_vol: 0.22, beta: 1.2, annual_drift: 0.08, ref_price: 215, avg_volume: 4_000_000 }),
  etf({ symbol: 'XLC', name: 'Communication Services Select Sector SPDR Fund', exchange: ARCA, sector: COM, industry: 'Sector ETF', annual_vol: 0.21, beta: 1.05, annual_drift: 0.08, ref_price: 105, avg_volume: 5_000_000 }),
  etf({ symbol: 'XLI', name: 'Industrial Select Sector SPDR Fund', exchange: ARCA, sector: IND, industry: 'Sector ETF', annual_vol: 0.18, beta: 1.0, annual_drift: 0.08, ref_price: 145, avg_volume: 9_000_000 }),
  etf({ symbol: 'XLP', name: 'Consumer Staples Select Sector SPDR Fund', exchange: ARCA, sector: CS, industry: 'Sector ETF', annual_vol: 0.13, beta: 0.5, annual_drift: 0.05, ref_price: 81, avg_volume: 10_000_000 }),
  etf({ symbol: 'XLE', name: 'Energy Select Sector SPDR Fund', exchange: ARCA, sector: EN, industry: 'Sector ETF', annual_vol: 0.24, beta: 0.8, annual_drift: 0.05, ref_price: 86, avg_volume: 15_000_000 }),
  etf({ symbol: 'XLU', name: 'Utilities Select Sector SPDR Fund', exchange: ARCA, sector: UT, industry: 'Sector ETF', annual_vol: 0.17, beta: 0.5, annual_drift: 0.05, ref_price: 81, avg_volume: 12_000_000 }),
  etf({ symbol: 'XLRE', name: 'Real Estate Select Sector SPDR Fund', exchange: ARCA, sector: RE, industry: 'Sector ETF', annual_vol: 0.19, beta: 0.85, annual_drift: 0.04, ref_price: 41, avg_volume: 6_000_000 }),
  etf({ symbol: 'XLB', name: 'Materials Select Sector SPDR Fund', exchange: ARCA, sector: MAT, industry: 'Sector ETF', annual_vol: 0.19, beta: 1.0, annual_drift: 0.06, ref_price: 88, avg_volume: 5_000_000 }),

  // ---- fixed income (non-GICS bucket) ----
  etf({ symbol: 'TLT', name: 'iShares 20+ Year Treasury Bond ETF', exchange: 'NASDAQ', sector: FIXED, industry: 'Long-Term Treasury ETF', annual_vol: 0.15, beta: -0.2, annual_drift: 0.03, ref_price: 86, avg_volume: 35_000_000 }),
  etf({ symbol: 'IEF', name: 'iShares 7-10 Year Treasury Bond ETF', exchange: 'NASDAQ', sector: FIXED, industry: 'Intermediate-Term Treasury ETF', annual_vol: 0.07, beta: -0.1, annual_drift: 0.03, ref_price: 94, avg_volume: 8_000_000 }),
  etf({ symbol: 'AGG', name: 'iShares Core U.S. Aggregate Bond ETF', exchange: ARCA, sector: FIXED, industry: 'Aggregate Bond ETF', annual_vol: 0.06, beta: 0.05, annual_drift: 0.03, ref_price: 98, avg_volume: 8_000_000 }),
  etf({ symbol: 'HYG', name: 'iShares iBoxx $ High Yield Corporate Bond ETF', exchange: ARCA, sector: FIXED, industry: 'High Yield Bond ETF', annual_vol: 0.08, beta: 0.3, annual_drift: 0.04, ref_price: 80, avg_volume: 30_000_000 }),

  // ---- commodities (non-GICS bucket) ----
  etf({ symbol: 'GLD', name: 'SPDR Gold Shares', exchange: ARCA, sector: COMMOD, industry: 'Gold ETF', annual_vol: 0.15, beta: 0.1, annual_drift: 0.06, ref_price: 310, avg_volume: 8_000_000 }),
  etf({ symbol: 'SLV', name: 'iShares Silver Trust', exchange: ARCA, sector: COMMOD, industry: 'Silver ETF', annual_vol: 0.28, beta: 0.3, annual_drift: 0.05, ref_price: 32, avg_volume: 20_000_000 }),
];

/** The full curated universe: equities first (grouped by sector), then ETFs. */
export const UNIVERSE: InstrumentSeed[] = [...EQUITIES, ...ETFS];

let bySymbol: Map<string, InstrumentSeed> | undefined;

/** Upper-case symbol -> seed. Built once; callers must not mutate the returned map. */
export function universeBySymbol(): Map<string, InstrumentSeed> {
  if (!bySymbol) bySymbol = new Map(UNIVERSE.map((i) => [i.symbol, i]));
  return bySymbol;
}
