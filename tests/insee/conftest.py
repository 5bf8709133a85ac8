"""A hand-built INSEE BDM answer in the documented StructureSpecificData shape.

The BT40 observations are the real 2018 values (base 2010) as reproduced from INSEE by batirama.com
(see shared/reference/price-revision.md). What is *not* real: the idbank "000000040" (a placeholder:
BT40's idbank is not in our reference), the LAST_UPDATE date, the provisional status given to
2018-12, the NaN observation 2019-01 and the quarterly series "000000099", added to exercise the
parser. Observations are newest first, as INSEE sends them.
"""

from __future__ import annotations

BT40_IDBANK = "000000040"

BT40_2018 = [
    ("2018-01", "105.9"),
    ("2018-02", "106.6"),
    ("2018-03", "106.7"),
    ("2018-04", "107.1"),
    ("2018-05", "107.4"),
    ("2018-06", "107.5"),
    ("2018-07", "107.8"),
    ("2018-08", "107.9"),
    ("2018-09", "108.2"),
    ("2018-10", "107.9"),
    ("2018-11", "108.1"),
    ("2018-12", "107.7"),
]


def _obs(period: str, value: str, status: str) -> str:
    return (
        f'<Obs TIME_PERIOD="{period}" OBS_VALUE="{value}" OBS_STATUS="{status}" '
        f'OBS_QUAL="{"DEF" if status == "A" else "PROV"}" OBS_TYPE="A"/>'
    )


def bt40_xml() -> str:
    observations = [_obs("2019-01", "NaN", "A")]
    for period, value in reversed(BT40_2018):
        observations.append(_obs(period, value, "P" if period == "2018-12" else "A"))
    quarterly = [_obs("2018-Q4", "101.3", "A"), _obs("2018-Q3", "100.8", "A")]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData
    xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
    xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=FR1:SERIES_BDM(1.0):ObsLevelDim:TIME_PERIOD"
    xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
    xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <message:Header>
    <message:ID>SERIES_BDM_1</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>2019-03-20T10:00:00</message:Prepared>
    <message:Sender id="FR1"><common:Name xml:lang="fr">Institut national de la statistique et des études économiques</common:Name></message:Sender>
    <message:Structure structureID="FR1_SERIES_BDM_1_0" namespace="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=FR1:SERIES_BDM(1.0)" dimensionAtObservation="TIME_PERIOD">
      <common:StructureUsage><Ref agencyID="FR1" id="SERIES_BDM" version="1.0"/></common:StructureUsage>
    </message:Structure>
  </message:Header>
  <message:DataSet action="Replace" ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="FR1_SERIES_BDM_1_0">
    <Series IDBANK="{BT40_IDBANK}" FREQ="M"
        TITLE_FR="Indice de prix BT40 - Chauffage central (à l'exclusion du chauffage électrique) - Base 2010"
        TITLE_EN="Price index BT40 - Central heating - Base 2010"
        LAST_UPDATE="2019-03-15" UNIT_MEASURE="SO" UNIT_MULT="0" REF_AREA="FE" DECIMALS="1">
      {"".join(observations)}
    </Series>
    <Series IDBANK="000000099" FREQ="T" TITLE_FR="Série trimestrielle (illustrative)"
        LAST_UPDATE="2019-02-28" UNIT_MEASURE="SO" UNIT_MULT="0" REF_AREA="FE" DECIMALS="1">
      {"".join(quarterly)}
    </Series>
  </message:DataSet>
</message:StructureSpecificData>
"""
