package dev.rewardsmith.feedback.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GifPaletteTest {

    static int indexOf(GifPalette palette, int rgb) {
        byte[] out = new byte[1];
        palette.index(new int[] {rgb}, out);
        return out[0] & 255;
    }

    @Test
    void theFramesColoursAreExactAndEdgesMapToTheirBlendWithTheBackground() {
        GifPalette palette = new GifPalette(List.of(new Color(0x3377cc), new Color(0xcc3333)), Color.WHITE);
        assertEquals(0xffffff, palette.rgb(indexOf(palette, 0xffffff)));
        assertEquals(0x3377cc, palette.rgb(indexOf(palette, 0x3377cc)));
        assertEquals(0xcc3333, palette.rgb(indexOf(palette, 0xcc3333)));
        // half-covered edge pixel of the blue: (51 + 255) / 2 = 153, (119 + 255) / 2 = 187, (204 + 255) / 2 = 229.5;
        // seven blends at eighths: the 4/8 one is exact
        assertEquals(0x99bbe6, palette.rgb(indexOf(palette, 0x99bbe6)));
        // a translucent colour enters as it looks over the background: #ff000080 -> (255, 127, 127)
        GifPalette translucent = new GifPalette(List.of(new Color(255, 0, 0, 128)), Color.WHITE);
        assertEquals(0xff7f7f, translucent.rgb(indexOf(translucent, 0xff7f7f)));
    }

    @Test
    void moreColoursThanAGifHoldsFallBackToAUniformCube() {
        List<Color> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) many.add(new Color(i % 256, (7 * i) % 256, (13 * i) % 256));
        GifPalette palette = new GifPalette(many, Color.WHITE);
        // the cube has steps of 51: (100, 200, 30) is nearest to (102, 204, 51)
        assertEquals(0x66cc33, palette.rgb(indexOf(palette, 0x64c81e)));
        assertEquals(0xffffff, palette.rgb(indexOf(palette, 0xffffff)));
    }
}
