package dev.polystream.gateway.chart;

import dev.polystream.gateway.store.PriceHistoryStore.Point;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a token's price history as a PNG (XChart, headless), with the entry price as a dashed
 * line when there is one.
 */
public final class ChartRenderer {

    private final int width;
    private final int height;

    public ChartRenderer(int width, int height) {
        this.width = width;
        this.height = height;
        // Charts are drawn off screen; a server has no display.
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * @param points at least one point, oldest first
     * @param entryPrice null for none
     */
    public byte[] render(
            String title, List<Point> points, BigDecimal entryPrice, String datePattern) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("Nothing to chart");
        }
        XYChart chart =
                new XYChartBuilder()
                        .width(width)
                        .height(height)
                        .title(title)
                        .xAxisTitle("UTC")
                        .yAxisTitle("price")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDatePattern(datePattern);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));

        List<Date> times = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        for (Point p : points) {
            times.add(Date.from(p.at()));
            prices.add(p.close().doubleValue());
        }
        if (times.size() == 1) {
            // A single point draws nothing; hold it for a second.
            times.add(new Date(times.get(0).getTime() + 1000));
            prices.add(prices.get(0));
        }
        XYSeries price = chart.addSeries("price", times, prices);
        price.setMarker(SeriesMarkers.NONE);
        price.setLineColor(new Color(0x1f, 0x6f, 0xeb));
        if (entryPrice != null) {
            XYSeries entry =
                    chart.addSeries(
                            "entry " + entryPrice.stripTrailingZeros().toPlainString(),
                            List.of(times.get(0), times.get(times.size() - 1)),
                            List.of(entryPrice.doubleValue(), entryPrice.doubleValue()));
            entry.setMarker(SeriesMarkers.NONE);
            entry.setLineColor(new Color(0xd9, 0x48, 0x2b));
            entry.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
        try {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
