package dev.sundae.testing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchRowTest {

  @Test
  void printsTheFigureItsBaselineTheirRatioAndTheTarget() {
    assertThat(new BenchRow("gateway", "signed URLs/s", 4581.4, 60211.0, ">= 3000/s", true).line())
        .isEqualTo("BENCH-ROW\tgateway\tsigned URLs/s\t4581\t60211\t0.076\t>= 3000/s\tmet");
    assertThat(new BenchRow("chat", "CPU ms per message", 4.45, 0.7, "", false).line())
        .isEqualTo("BENCH-ROW\tchat\tCPU ms per message\t4.45\t0.700\t6.36\t\t");
    assertThat(new BenchRow("operator", "500 Ready, s", 223.7, Double.NaN, "< 120 s", false).line())
        .isEqualTo("BENCH-ROW\toperator\t500 Ready, s\t224\t\t\t< 120 s\tNOT met");
  }

  @Test
  void keepsTwoSignificantDigitsOfFiguresUnderAHundredth() {
    assertThat(new BenchRow("urls", "CPU ms per URL", 0.00262, 0.0279, "", true).line())
        .isEqualTo("BENCH-ROW\turls\tCPU ms per URL\t0.0026\t0.028\t0.094\t\t");
  }

  @Test
  void refusesTextThatWouldBreakTheLine() {
    assertThatThrownBy(() -> new BenchRow("a\tb", "m", 1, 1, "", true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
