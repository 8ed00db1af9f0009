package dev.rewardsmith.feedback.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF written with ImageIO, picture by picture: each RGB picture is mapped onto the video's palette
 * in one reused indexed image, shown for a fixed delay; the animation loops forever.
 */
final class GifEncoder implements AutoCloseable {

    private final ImageWriter writer =
            ImageIO.getImageWritersByFormatName("gif").next();
    private final ImageOutputStream stream;
    private final GifPalette palette;
    private final BufferedImage indexed;
    private final IIOMetadata first;
    private final IIOMetadata rest;
    private int pictures;

    /** Starts a GIF of {@code width} x {@code height} pictures shown {@code delay} hundredths of a second each. */
    GifEncoder(OutputStream out, int width, int height, int delay, GifPalette palette) throws IOException {
        this.palette = palette;
        indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette.colorModel());
        stream = ImageIO.createImageOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the caller owns out
            }
        });
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(indexed);
        first = metadata(type, delay, true);
        rest = metadata(type, delay, false);
    }

    /** Appends {@code picture} (TYPE_INT_RGB, this GIF's size). */
    void add(BufferedImage picture) throws IOException {
        palette.index(
                ((DataBufferInt) picture.getRaster().getDataBuffer()).getData(),
                ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData());
        writer.writeToSequence(new IIOImage(indexed, null, pictures == 0 ? first : rest), null);
        pictures++;
    }

    /** Ends the GIF (the trailer); does not close the output stream it was given. */
    @Override
    public void close() throws IOException {
        try {
            if (pictures > 0) writer.endWriteSequence();
            stream.close();
        } finally {
            writer.dispose();
        }
    }

    private IIOMetadata metadata(ImageTypeSpecifier type, int delay, boolean loop) throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delay));
        control.setAttribute("transparentColorIndex", "0");
        if (loop) {
            // NETSCAPE2.0 sub-block 1 with loop count 0: for ever
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            extension.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) return (IIOMetadataNode) parent.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }
}
