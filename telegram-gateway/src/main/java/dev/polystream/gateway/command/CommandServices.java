package dev.polystream.gateway.command;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.chart.ChartRenderer;
import dev.polystream.gateway.notify.LiveCards;
import dev.polystream.gateway.service.AlertService;
import dev.polystream.gateway.service.PositionService;
import dev.polystream.gateway.service.TradingService;
import dev.polystream.gateway.store.TransactionRunner;

/** What the commands work with: the domain services, the catalogue, the live cards, charts. */
public record CommandServices(
        PositionService positions,
        TradingService trading,
        AlertService alerts,
        MarketCatalog catalog,
        LiveCards cards,
        ChartRenderer charts,
        TransactionRunner reads) {}
